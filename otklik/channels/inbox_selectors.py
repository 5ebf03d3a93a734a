"""Permission-checked reads of the social-media inbox: the queue, one item, templates, accounts, month figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from otklik.core.audit import audit_read, audit_read_many
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.models import Channel, Organisation, User
from otklik.orgs.permissions import AnyUser, has_role

from .inbox_services import ANSWERABLE, CLOSABLE, CONVERTIBLE, INBOX_CHANNEL_TYPES, INBOX_ROLES
from .models import InboxItem, InboxState, SocialAccount, SocialAnswerTemplate, SocialPlatform


def can_work_inbox(user: AnyUser, organisation: Organisation) -> bool:
    return has_role(user, organisation, *INBOX_ROLES)


def require_inbox(user: AnyUser, organisation: Organisation) -> None:
    if not can_work_inbox(user, organisation):
        raise PermissionDeniedError(
            _("Сообщения из соцсетей видят операторы соцсетей, заместитель руководителя и руководитель.")
        )


def inbox_items_for_staff(
    *,
    user: AnyUser,
    organisation: Organisation,
    state: str = "",
    kind: str = "",
    channel_id: int | None = None,
) -> QuerySet[InboxItem]:
    """The body's items, the most urgent first: by due moment (items without one last), then arrival."""
    require_inbox(user, organisation)
    items = InboxItem.objects.filter(organisation=organisation)
    if state:
        items = items.filter(state=state)
    if kind:
        items = items.filter(kind=kind)
    if channel_id:
        items = items.filter(channel_id=channel_id)
    return items.select_related("channel").order_by(F("due_at").asc(nulls_last=True), "received_at", "pk")


COUNT_CAP = 10_000


class CappedPaginator(Paginator[InboxItem]):
    """Counts at most COUNT_CAP + 1 items, as the appeals queue does: an exact count of 100 000 open items costs
    more than the page itself."""

    object_list: QuerySet[InboxItem]

    @cached_property
    def count(self) -> int:
        # Counting needs no order: without it the database stops at the cap by the cheapest index.
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def inbox_page(
    *,
    user: AnyUser,
    organisation: Organisation,
    state: str = "",
    kind: str = "",
    channel_id: int | None = None,
    page: str | int | None = None,
    per_page: int = 50,
) -> Page[InboxItem]:
    """One page of the inbox, the most urgent first; the read of the authors shown is logged (152-FZ)."""
    items = inbox_items_for_staff(user=user, organisation=organisation, state=state, kind=kind, channel_id=channel_id)
    found = CappedPaginator(items, per_page).get_page(page)
    audit_read_many(
        actor=user if isinstance(user, User) else None,
        model=InboxItem,
        ids=[item.pk for item in found],
        organisation=organisation,
        what="inbox_item.list",
    )
    return found


def inbox_item_for_action(*, user: AnyUser, organisation: Organisation, pk: int) -> InboxItem:
    """The item an action is posted to, refused exactly where its page would be; the action's service audits."""
    require_inbox(user, organisation)
    item = (
        InboxItem.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation", "channel", "account", "appeal", "answered_by")
        .first()
    )
    if item is None:
        raise PermissionDeniedError(_("Сообщение не найдено."))
    return item


def inbox_item_for_staff(*, user: AnyUser, organisation: Organisation, pk: int) -> InboxItem:
    """One item with its author, for the inbox's people; the read is audited."""
    item = inbox_item_for_action(user=user, organisation=organisation, pk=pk)
    audit_read(actor=user if isinstance(user, User) else None, obj=item, organisation=organisation, what="inbox_item")
    return item


@dataclass(frozen=True)
class ItemActions:
    """What the item's page offers; the services ask the same tables before they act."""

    answer: bool
    convert: bool
    close: bool


def item_actions(item: InboxItem) -> ItemActions:
    return ItemActions(
        answer=item.state in ANSWERABLE and item.answered_at is None,
        convert=item.state in CONVERTIBLE and item.appeal_id is None,
        close=item.state in CLOSABLE,
    )


def moderation_rules_of(item: InboxItem) -> str:
    """The moderation rules the operator follows: the item's account's, else those of an account of its channel."""
    if item.account is not None and item.account.moderation_rules:
        return item.account.moderation_rules
    account = (
        SocialAccount.objects.filter(channel_id=item.channel_id, is_active=True)
        .exclude(moderation_rules="")
        .only("moderation_rules")
        .first()
    )
    return account.moderation_rules if account else ""


def answer_templates_for(*, user: AnyUser, organisation: Organisation) -> QuerySet[SocialAnswerTemplate]:
    require_inbox(user, organisation)
    return SocialAnswerTemplate.objects.filter(organisation=organisation, is_active=True).order_by("title")


def inbox_channels_for(*, user: AnyUser, organisation: Organisation) -> QuerySet[Channel]:
    """The body's social and messenger channels, the ones items may come through."""
    require_inbox(user, organisation)
    return Channel.objects.filter(organisation=organisation, channel_type__in=INBOX_CHANNEL_TYPES).order_by(
        "sort_order", "name"
    )


CHANNEL_CHOICES_SECONDS = 300


def inbox_channel_choices(*, user: AnyUser, organisation: Organisation) -> list[tuple[int, str]]:
    """The inbox filter's channels, kept for five minutes: the queue page is the busiest page of the room, and a
    channel added meanwhile only joins the filter a little later."""
    require_inbox(user, organisation)
    key = f"otklik:channels:inbox-channel-choices:{organisation.pk}"
    choices: list[tuple[int, str]] | None = cache.get(key)
    if choices is None:
        choices = list(
            Channel.objects.filter(organisation=organisation, channel_type__in=INBOX_CHANNEL_TYPES)
            .order_by("sort_order", "name")
            .values_list("pk", "name")
        )
        cache.set(key, choices, CHANNEL_CHOICES_SECONDS)
    return choices


def account_for_webhook(*, pk: int, platform: str) -> SocialAccount | None:
    """The active account a platform's callback names by its address; the webhook then checks its secret."""
    return (
        SocialAccount.objects.filter(pk=pk, platform=platform, is_active=True)
        .exclude(platform=SocialPlatform.MANUAL)
        .select_related("organisation", "channel")
        .first()
    )


@dataclass(frozen=True)
class MonthFigures:
    open: int
    warned: int
    breached: int
    received: int


def inbox_month_figures(*, user: AnyUser, organisation: Organisation, now: dt.datetime) -> MonthFigures:
    """Open items now, and the warnings, breaches and arrivals of the current month in the body's time zone."""
    require_inbox(user, organisation)
    local = timezone.localtime(now, organisation.tz)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    figures = InboxItem.objects.filter(organisation=organisation).aggregate(
        open=Count("pk", filter=Q(state=InboxState.NEW)),
        warned=Count("pk", filter=Q(warned_at__gte=start)),
        breached=Count("pk", filter=Q(breached_at__gte=start)),
        received=Count("pk", filter=Q(received_at__gte=start)),
    )
    return MonthFigures(**figures)
