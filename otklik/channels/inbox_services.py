"""The social-media inbox's writers: intake from webhooks, forms and files, answers, appeals, closing, timers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.appeals.choices import AppealKind, IntakeChannel
from otklik.appeals.intake import AppealIntake, AuthorData, author_limit
from otklik.appeals.models import Appeal
from otklik.appeals.services import appeal_register
from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.core.links import public_url
from otklik.notifications.models import Transport
from otklik.notifications.services import notify_staff, notify_via
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Channel, Organisation, User
from otklik.orgs.permissions import require_role

from .choices import SocialItemKind
from .hours_selectors import working_time_for
from .models import InboxItem, InboxState, SocialAccount, SocialAnswerTemplate, SocialPlatform
from .sla import social_due

# Who works the inbox: the social-media operators, the deputy head for client-centricity and the head.
INBOX_ROLES = (RoleCode.SOCIAL_OPERATOR, RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD)
# Who hears of a timer: 003 §6.3.2 times are watched by the operators and the deputy head.
TIMER_ROLES = (RoleCode.SOCIAL_OPERATOR, RoleCode.CC_DEPUTY_HEAD)
INBOX_CHANNEL_TYPES = (ChannelType.SOCIAL, ChannelType.MESSENGER)
WARN_SHARE = 0.75
ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]{0,99}")
MAX_TEXT = 20_000
MAX_ANSWER = 4_000  # a VK message holds 4096 characters, a Telegram one 4096
# What may still happen to an item in each state (the pages ask the same table).
ANSWERABLE = (InboxState.NEW, InboxState.CONVERTED)
CONVERTIBLE = (InboxState.NEW, InboxState.ANSWERED)
CLOSABLE = (InboxState.NEW,)


@dataclass(frozen=True)
class SocialItemIntake:
    """One item as it arrived, from a webhook, the staff form or a row of an imported file."""

    channel: Channel
    kind: str
    text: str
    received_at: dt.datetime
    account: SocialAccount | None = None
    widget_category: str = ""
    author_handle: str = ""
    author_name: str = ""
    link: str = ""
    external_id: str = ""
    reply_to: str = ""


def inbox_timers(
    *, organisation: Organisation, channel: Channel, kind: str, received: dt.datetime
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The warning moment (75 % of the working time gone) and the due moment; both None when the acts set none."""
    due = social_due(organisation, SocialItemKind(kind), received, channel=channel)
    if due is None:
        return None, None
    hours = working_time_for(organisation, channel=channel)
    total = hours.working_minutes_between(received, due)
    warn = hours.add_working_minutes(received, int(total * WARN_SHARE)) if total else due
    return min(warn, due), due


def _checked(intake: SocialItemIntake, organisation: Organisation, now: dt.datetime) -> SocialItemIntake:
    """Refuse what cannot be stored, naming the field; returns the intake with its texts trimmed."""
    if intake.channel.organisation_id != organisation.pk or intake.channel.channel_type not in INBOX_CHANNEL_TYPES:
        raise ApplicationError(_("Выберите канал соцсети или мессенджера этой организации."), field="channel")
    if intake.account is not None and intake.account.channel_id != intake.channel.pk:
        raise ApplicationError(_("Аккаунт относится к другому каналу."), field="account")
    if intake.kind not in SocialItemKind.values:
        raise ApplicationError(
            _("Вид — официальное обращение, комментарий, упоминание или сообщение из виджета."), field="kind"
        )
    text = intake.text.strip()
    if not text:
        raise ApplicationError(_("Нет текста сообщения."), field="text")
    if len(text) > MAX_TEXT:
        raise ApplicationError(_("Текст длиннее %(n)s знаков.") % {"n": MAX_TEXT}, field="text")
    received = intake.received_at
    if timezone.is_naive(received):
        raise ApplicationError(_("Укажите время поступления с часовым поясом."), field="received_at")
    if received > now + dt.timedelta(minutes=5):
        raise ApplicationError(_("Время поступления ещё не наступило."), field="received_at")
    limits = {"author_handle": 200, "author_name": 300, "link": 1000, "external_id": 200, "widget_category": 200}
    for name, limit in limits.items():
        if len(getattr(intake, name).strip()) > limit:
            raise ApplicationError(_("Значение длиннее %(n)s знаков.") % {"n": limit}, field=name)
    link = intake.link.strip()
    if link and not link.startswith(("http://", "https://")):
        raise ApplicationError(_("Ссылка должна начинаться с http:// или https://."), field="link")
    category = intake.widget_category.strip() if intake.kind == SocialItemKind.WIDGET else ""
    return SocialItemIntake(
        channel=intake.channel,
        kind=intake.kind,
        text=text,
        received_at=received,
        account=intake.account,
        widget_category=category,
        author_handle=intake.author_handle.strip(),
        author_name=intake.author_name.strip(),
        link=link,
        external_id=intake.external_id.strip(),
        reply_to=intake.reply_to.strip(),
    )


def inbox_item_check(*, intake: SocialItemIntake, organisation: Organisation) -> SocialItemIntake:
    """The checks `inbox_item_receive` makes, for a file importer that lists every bad row before storing any."""
    return _checked(intake, organisation, timezone.now())


def _unsaved_item(organisation: Organisation, intake: SocialItemIntake) -> InboxItem:
    warn_at, due_at = inbox_timers(
        organisation=organisation, channel=intake.channel, kind=intake.kind, received=intake.received_at
    )
    return InboxItem(
        organisation=organisation,
        channel=intake.channel,
        account=intake.account,
        kind=intake.kind,
        widget_category=intake.widget_category,
        author_handle=intake.author_handle,
        author_name=intake.author_name,
        link=intake.link,
        received_at=intake.received_at,
        text=intake.text,
        external_id=intake.external_id,
        reply_to=intake.reply_to,
        warn_at=warn_at,
        due_at=due_at,
    )


@transaction.atomic
def inbox_item_receive(
    *, actor: User | None, organisation: Organisation, intake: SocialItemIntake
) -> tuple[InboxItem, bool]:
    """Store one item with its timers; the same platform id again returns the stored item and `False`.

    Without an actor the caller is a webhook that has already checked the platform's secret for the account.
    """
    if actor is not None:
        require_role(actor, organisation, *INBOX_ROLES)
    elif intake.account is None:
        raise ApplicationError(_("Сообщение без аккаунта площадки вводит сотрудник."), field="account")
    data = _checked(intake, organisation, timezone.now())
    if data.external_id:
        existing = InboxItem.objects.filter(channel=data.channel, external_id=data.external_id).first()
        if existing is not None:
            return existing, False
    item = _unsaved_item(organisation, data)
    try:
        with transaction.atomic():  # a replay racing the first delivery meets the unique constraint
            item.save()
    except IntegrityError:
        existing = InboxItem.objects.filter(channel=data.channel, external_id=data.external_id).first()
        if data.external_id and existing is not None:
            return existing, False
        raise
    audit_record(
        actor=actor, action=AuditAction.INBOX_ITEM_RECEIVED, obj=item, organisation=organisation, after=snapshot(item)
    )
    return item, True


@dataclass(frozen=True)
class ImportedItems:
    created: int
    already_loaded: int


@transaction.atomic
def inbox_items_import(
    *, actor: User, organisation: Organisation, intakes: list[SocialItemIntake], file_name: str
) -> ImportedItems:
    """Store a checked file's items in one go; rows whose platform id is already stored are skipped."""
    require_role(actor, organisation, *INBOX_ROLES)
    now = timezone.now()
    checked = [_checked(intake, organisation, now) for intake in intakes]
    known: set[tuple[int, str]] = set()
    for channel_id, external_id in InboxItem.objects.filter(
        organisation=organisation, external_id__in=[row.external_id for row in checked if row.external_id]
    ).values_list("channel_id", "external_id"):
        known.add((channel_id, external_id))
    fresh = [row for row in checked if not row.external_id or (row.channel.pk, row.external_id) not in known]
    items = InboxItem.objects.bulk_create([_unsaved_item(organisation, row) for row in fresh])
    if items:
        audit_record(
            actor=actor,
            action=AuditAction.INBOX_ITEMS_IMPORTED,
            obj=organisation,
            organisation=organisation,
            after={"file": file_name[:300], "created": len(items), "already_loaded": len(checked) - len(items)},
        )
    return ImportedItems(len(items), len(checked) - len(items))


def _locked(item: InboxItem) -> InboxItem:
    return (
        InboxItem.objects.select_for_update(of=("self",))
        .select_related("organisation", "channel", "account")
        .get(pk=item.pk)
    )


def sends_to_platform(item: InboxItem) -> bool:
    """Whether an answer leaves through the platform's API; an item typed in or imported is answered there by hand."""
    account = item.account
    return account is not None and account.platform != SocialPlatform.MANUAL and bool(item.reply_to)


def _send_reply(item: InboxItem, text: str) -> int | None:
    """Queue the answer to the platform through the outbox (none for an item answered by hand)."""
    account = item.account
    if account is None or not sends_to_platform(item):
        return None
    transport = Transport.VK if account.platform == SocialPlatform.VK else Transport.TELEGRAM
    return notify_via(
        transport=transport,
        to=item.reply_to,
        body=text,
        about=item,
        organisation=item.organisation,
        sender=account.token_env,
    )


@transaction.atomic
def inbox_item_answer(
    *, actor: User, item: InboxItem, text: str, template: SocialAnswerTemplate | None = None
) -> InboxItem:
    """Answer on the platform (or record an answer given there by hand); the same answer twice is sent once."""
    item = _locked(item)
    require_role(actor, item.organisation, *INBOX_ROLES)
    text = text.strip()
    if item.answered_at is not None and item.answer_text == text:
        return item  # a double submit of the same answer
    if item.state == InboxState.CLOSED:
        raise ApplicationError(_("Сообщение закрыто без ответа — ответить на него уже нельзя."))
    if item.answered_at is not None or item.state not in ANSWERABLE:
        raise ApplicationError(_("На это сообщение уже ответили."))
    if not text:
        raise ApplicationError(_("Напишите текст ответа."), field="text")
    if len(text) > MAX_ANSWER:
        raise ApplicationError(_("Ответ длиннее %(n)s знаков.") % {"n": MAX_ANSWER}, field="text")
    if template is not None and template.organisation_id != item.organisation_id:
        raise ApplicationError(_("Типовой ответ другой организации."), field="template")
    before = snapshot(item, fields=["state", "answer_text", "answered_at"])
    now = timezone.now()
    item.state = InboxState.ANSWERED
    item.answer_text = text
    item.answered_at = now
    item.answered_by = actor
    if item.due_at is not None and now > item.due_at and item.breached_at is None:
        item.breached_at = item.due_at  # answered late before the sweep noticed: the breach still counts
    item.save(update_fields=["state", "answer_text", "answered_at", "answered_by", "breached_at", "updated_at"])
    outgoing = _send_reply(item, text)
    audit_record(
        actor=actor,
        action=AuditAction.INBOX_ITEM_ANSWERED,
        obj=item,
        organisation=item.organisation,
        before=before,
        after={
            "state": item.state,
            "answer_text": text,
            "template": template.pk if template else None,
            "outgoing": outgoing,
        },
    )
    return item


def author_from_item(item: InboxItem) -> AuthorData:
    """The author as far as the item tells: the name split into first and last name (the form then adds the rest)."""
    parts = (item.author_name or "").split()
    first, last = (parts[0], " ".join(parts[1:])) if len(parts) >= 2 else ("", " ".join(parts))
    return AuthorData(last_name=last[: author_limit("last_name")], first_name=first[: author_limit("first_name")])


@transaction.atomic
def inbox_item_convert(*, actor: User, item: InboxItem, author: AuthorData) -> Appeal:
    """Register the item as an appeal under 59-FZ and link both; a second press returns the same appeal.

    59-FZ art. 7 wants the author's name and an address for the answer, which a post seldom carries: the operator
    asks the author and types them in.
    """
    item = _locked(item)
    require_role(actor, item.organisation, *INBOX_ROLES)
    if item.appeal_id is not None:
        assert item.appeal is not None
        return item.appeal
    if item.state not in CONVERTIBLE:
        raise ApplicationError(_("Сообщение закрыто без ответа — зарегистрировать его как обращение нельзя."))
    where = item.link or str(item.channel)
    registration = appeal_register(
        actor=actor,
        organisation=item.organisation,
        intake=AppealIntake(
            kind=AppealKind.APPEAL,
            channel=IntakeChannel.SOCIAL,
            text=f"{item.text}\n\n{_('Источник')}: {where}",
            author=author,
            received_at=item.received_at,
            submission_key=f"inbox-item-{item.pk}",
        ),
    )
    appeal = registration.appeal
    item.appeal = appeal
    if item.state == InboxState.NEW:
        item.state = InboxState.CONVERTED  # the appeal's own term under 59-FZ now runs instead of the timer
    item.save(update_fields=["appeal", "state", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.INBOX_ITEM_CONVERTED,
        obj=item,
        organisation=item.organisation,
        after={"appeal": appeal.pk, "number": appeal.number, "state": item.state},
    )
    return appeal


@transaction.atomic
def inbox_item_close(*, actor: User, item: InboxItem, reason: str) -> InboxItem:
    """Close an item that needs no answer (spam, abuse, a duplicate), with the reason; twice is once."""
    item = _locked(item)
    require_role(actor, item.organisation, *INBOX_ROLES)
    reason = reason.strip()
    if item.state == InboxState.CLOSED:
        if item.close_reason == reason:
            return item
        raise ApplicationError(_("Сообщение уже закрыто без ответа."))
    if item.state not in CLOSABLE:
        raise ApplicationError(_("На сообщение уже ответили или оно зарегистрировано как обращение."))
    if not reason:
        raise ApplicationError(_("Укажите причину, по которой ответ не нужен."), field="reason")
    item.state = InboxState.CLOSED
    item.close_reason = reason[:2000]
    item.closed_at = timezone.now()
    item.save(update_fields=["state", "close_reason", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.INBOX_ITEM_CLOSED,
        obj=item,
        organisation=item.organisation,
        after={"state": item.state, "reason": item.close_reason},
    )
    return item


def answer_template_check(*, actor: User, organisation: Organisation, title: str, text: str) -> None:
    require_role(actor, organisation, *INBOX_ROLES)
    if not title.strip():
        raise ApplicationError(_("Назовите типовой ответ."), field="title")
    if not text.strip():
        raise ApplicationError(_("Напишите текст типового ответа."), field="text")


@transaction.atomic
def answer_template_save(
    *, actor: User, organisation: Organisation, title: str, text: str, template: SocialAnswerTemplate | None = None
) -> SocialAnswerTemplate:
    """Add or edit a typical answer (001 §3.2 ж))."""
    answer_template_check(actor=actor, organisation=organisation, title=title, text=text)
    title, text = title.strip(), text.strip()
    if template is None:
        template = SocialAnswerTemplate(organisation=organisation)
    elif template.organisation_id != organisation.pk:
        raise ApplicationError(_("Типовой ответ другой организации."))
    template.title, template.text = title[:200], text
    template.save()
    audit_record(
        actor=actor,
        action=AuditAction.ANSWER_TEMPLATE_SAVED,
        obj=template,
        organisation=organisation,
        after={"title": template.title, "text": template.text},
    )
    return template


@dataclass(frozen=True)
class SocialAccountValues:
    """A platform account's settings as the admin or a preset gives them; secrets only by variable name."""

    channel: Channel
    platform: str
    external_id: str = ""
    token_env: str = ""
    callback_secret_env: str = ""
    confirmation_code: str = ""
    moderation_rules: str = ""
    is_active: bool = True


def social_account_check(*, actor: User, values: SocialAccountValues) -> None:
    """Refuse an account that could not work: a foreign or non-social channel, a secret typed in as a value."""
    require_role(actor, values.channel.organisation, RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD)
    if values.channel.channel_type not in INBOX_CHANNEL_TYPES:
        raise ApplicationError(_("Аккаунт относится к каналу вида «соцсеть» или «мессенджер»."), field="channel")
    if values.platform not in SocialPlatform.values:
        raise ApplicationError(_("Выберите площадку."), field="platform")
    for name in ("token_env", "callback_secret_env"):
        value = getattr(values, name).strip()
        if value and not ENV_NAME.fullmatch(value):
            raise ApplicationError(
                _("Укажите имя переменной окружения (латиница, цифры и «_»), а не сам ключ."), field=name
            )
    if values.platform == SocialPlatform.VK:
        if not values.external_id.strip().isdigit():
            raise ApplicationError(_("Для ВКонтакте укажите числовой group_id сообщества."), field="external_id")
        if not values.confirmation_code.strip():
            raise ApplicationError(_("Для ВКонтакте укажите строку подтверждения сервера."), field="confirmation_code")
    if values.platform != SocialPlatform.MANUAL and not values.callback_secret_env.strip():
        raise ApplicationError(
            _("Укажите переменную окружения с секретом: без него уведомления площадки не принимаются."),
            field="callback_secret_env",
        )


@transaction.atomic
def social_account_save(
    *, actor: User, values: SocialAccountValues, account: SocialAccount | None = None
) -> SocialAccount:
    """Add or change a platform account of a social or messenger channel."""
    social_account_check(actor=actor, values=values)
    organisation = values.channel.organisation
    if account is not None and account.organisation_id != organisation.pk:
        raise ApplicationError(_("Аккаунт другой организации."), field="channel")
    account = account or SocialAccount(organisation=organisation)
    before = snapshot(account) if account.pk else None
    for name in (
        "channel",
        "platform",
        "external_id",
        "token_env",
        "callback_secret_env",
        "confirmation_code",
        "moderation_rules",
        "is_active",
    ):
        value = getattr(values, name)
        setattr(account, name, value.strip() if isinstance(value, str) else value)
    account.save()
    audit_record(
        actor=actor,
        action=AuditAction.SOCIAL_ACCOUNT_SAVED,
        obj=account,
        organisation=organisation,
        before=before,
        after=snapshot(account),
    )
    return account


def _timer_recipients(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__is_active=True,
        memberships__roles__code__in=TIMER_ROLES,
    ).distinct()


def _notify_timers(stamp: dt.datetime, *, breached: bool) -> None:
    """One letter per body listing the items just marked (the 20 most urgent of them, with the count)."""
    marked = InboxItem.objects.filter(**({"breached_at": stamp} if breached else {"warned_at": stamp}))
    counts = dict(marked.order_by().values_list("organisation_id").annotate(n=Count("pk")))
    action = AuditAction.INBOX_ITEMS_BREACHED if breached else AuditAction.INBOX_ITEMS_WARNED
    for organisation in Organisation.objects.filter(pk__in=list(counts)):
        items = list(marked.filter(organisation=organisation).select_related("channel").order_by("due_at", "pk")[:20])
        lines = "\n".join(
            f"— {item} ({item.channel}), {_('ответить до')} "
            f"{timezone.localtime(item.due_at, organisation.tz):%d.%m.%Y %H:%M}: "
            f"{public_url(reverse('inbox:item', args=[item.pk]))}"
            for item in items
            if item.due_at is not None
        )
        if breached:
            subject = _("Соцсети: истёк срок ответа — %(n)s сообщ.") % {"n": counts[organisation.pk]}
            intro = _("Срок ответа истёк, а ответа нет:")
        else:
            subject = _("Соцсети: прошло 75 %% времени на ответ — %(n)s сообщ.") % {"n": counts[organisation.pk]}
            intro = _("Прошло три четверти времени на ответ:")
        notify_staff(
            recipients=_timer_recipients(organisation.pk),
            subject=subject,
            body=f"{intro}\n{lines}",
            organisation=organisation,
        )
        audit_record(
            actor=None,
            action=action,
            obj=organisation,
            organisation=organisation,
            after={"count": counts[organisation.pk], "items": [item.pk for item in items]},
        )


@transaction.atomic
def inbox_timers_sweep(*, now: dt.datetime) -> dict[str, int]:
    """Mark, once each, the open items whose warning moment or due moment has come, and tell the people."""
    pending = InboxItem.objects.filter(state=InboxState.NEW)
    warned = pending.filter(warned_at__isnull=True, warn_at__lte=now).update(warned_at=now)
    breached = pending.filter(breached_at__isnull=True, due_at__lte=now).update(breached_at=now)
    if warned:
        _notify_timers(now, breached=False)
    if breached:
        _notify_timers(now, breached=True)
    return {"warned": warned, "breached": breached}
