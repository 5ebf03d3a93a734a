"""Permission-checked reads of appeals: who may see which appeal (need-to-know), and the logged reads of personal data."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otklik.core.audit import audit_read, audit_read_many
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Membership, Organisation, User
from otklik.orgs.permissions import AnyUser, has_role, is_member, roles_of

from .access_sources import access_sources
from .choices import AnswerKind, AnswerStatus
from .models import Answer, AnswerRating, Appeal, AppealAccessGrant
from .queries import QUEUE_PAGE_SIZE, CappedPaginator, filtered_queue

# Who sees every appeal of the body, «for official use» ones included. Everyone else sees an appeal only through a
# part in it (see `visibility`): 59-FZ art. 6 and 152-FZ allow the author's data only to those who need it.
OVERSIGHT_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.CONTROLLER, RoleCode.REGISTRAR)
NOT_FOUND = gettext_lazy("Обращение не найдено или недоступно.")


def visibility(user: AnyUser, organisation: Organisation, *, through_grants: bool = True) -> Q:
    """The one rule of who sees which appeal of `organisation`, as a filter; an empty Q lets every appeal through.

    The oversight roles (and an administrator, who holds every role) see all. Others see an appeal they execute or
    control; unless it is «for official use», also one they registered, one of the unit they head, one they are
    assigned to through another room (the registered access sources), and one given to them by name (a grant).
    The ids the person is assigned to are read once here, so the filter is a plain OR over indexed columns and
    id lists: no subquery per row, and the queue's order still comes from its index.
    """
    rule = _member_visibility(user, organisation, through_grants=through_grants)
    return Q(pk__in=[]) if rule is None else rule


def _member_visibility(user: AnyUser, organisation: Organisation, *, through_grants: bool = True) -> Q | None:
    """`visibility` for a member; None for a person who does not work in the organisation."""
    if not is_member(user, organisation):
        return None
    if has_role(user, organisation, *OVERSIGHT_ROLES):
        return Q()
    assert isinstance(user, User)  # a member is signed in
    own = Q(executor_id=user.pk) | Q(controller_id=user.pk)
    involved = Q(registered_by_id=user.pk)
    if RoleCode.UNIT_HEAD in roles_of(user, organisation):
        units = Membership.objects.filter(user=user, organisation=organisation, is_active=True, unit__isnull=False)
        involved |= Q(unit_id__in=list(units.values_list("unit_id", flat=True)))
    ids: set[int] = set()
    for source in access_sources():
        ids.update(pk for pk in source(user, organisation) if pk is not None)
    if through_grants:
        ids.update(
            AppealAccessGrant.objects.filter(user=user, revoked_at=None, appeal__organisation=organisation).values_list(
                "appeal_id", flat=True
            )
        )
    if ids:
        involved |= Q(pk__in=sorted(ids))
    return own | (Q(for_official_use=False) & involved)


def may_see(user: AnyUser, appeal: Appeal) -> bool:
    """Whether `visibility` lets `user` see this appeal (the card, its files and letters, and every action on it)."""
    rule = visibility(user, appeal.organisation)
    return not rule or Appeal.objects.filter(rule, pk=appeal.pk).exists()


def appeals_for_staff(*, user: AnyUser, organisation: Organisation) -> QuerySet[Appeal]:
    """The body's appeals a member may see (`visibility`): the queue, its search and the dashboard counts."""
    rule = _member_visibility(user, organisation)
    if rule is None:
        raise PermissionDeniedError(_("Нет доступа к обращениям этой организации."))
    return Appeal.objects.filter(rule, organisation=organisation)


def appeal_queue_page(
    *, user: User, organisation: Organisation, filters: dict[str, Any], today: dt.date, page: Any
) -> Page[Appeal]:
    """One page of the staff queue over the appeals the person may see; the read of the authors' names is logged."""
    appeals = appeals_for_staff(user=user, organisation=organisation).select_related("author", "unit", "executor")
    found = CappedPaginator(filtered_queue(appeals, filters, today), QUEUE_PAGE_SIZE).get_page(page)
    audit_read_many(
        actor=user, model=Appeal, ids=[appeal.pk for appeal in found], organisation=organisation, what="appeal.list"
    )
    return found


def appeal_for_staff(*, user: AnyUser, pk: int) -> Appeal:
    """One appeal with its author and questions, for a person `visibility` lets see it; the read is audited."""
    appeal = _visible(
        user,
        Appeal.objects.select_related("organisation", "author", "unit", "executor", "controller", "registered_by")
        .prefetch_related("questions__classifier", "notices", "attachments")
        .filter(pk=pk)
        .first(),
    )
    audit_read(
        actor=user if user.is_authenticated else None, obj=appeal, organisation=appeal.organisation, what="appeal"
    )
    return appeal


def appeal_for_action(*, user: AnyUser, pk: int) -> Appeal:
    """The appeal an action is posted to, refused exactly where its card would be; not a read of personal data
    (nothing of the author is shown), so not audited as one: the action's service writes its own audit row."""
    return _visible(user, Appeal.objects.select_related("organisation").filter(pk=pk).first())


def _visible(user: AnyUser, appeal: Appeal | None) -> Appeal:
    if appeal is None or not may_see(user, appeal):
        raise PermissionDeniedError(str(NOT_FOUND))
    return appeal


def access_grant_refusal(user: AnyUser, appeal: Appeal) -> ApplicationError | None:
    """Who may open the appeal to a colleague by name: one who sees it by role or by a part in it, not by a grant;
    and nobody an appeal «for official use». The card offers the form, and the service refuses, on this check."""
    if appeal.for_official_use:
        return ApplicationError(
            _(
                "Обращение с пометкой «Для служебного пользования» не открывается по допуску: его видят только "
                "руководство, контролёры, регистраторы и назначенные исполнитель и контролёр."
            )
        )
    rule = visibility(user, appeal.organisation, through_grants=False)
    if rule and not Appeal.objects.filter(rule, pk=appeal.pk).exists():
        return PermissionDeniedError(
            _("Открыть доступ к обращению может тот, кто ведёт его по должности или по назначению.")
        )
    return None


def access_grants_of(appeal: Appeal) -> list[AppealAccessGrant]:
    """The grants now open on an appeal the caller has already been allowed to see (the card's list)."""
    return list(appeal.access_grants.filter(revoked_at=None).select_related("user", "granted_by"))


def appeals_for_public_listing(organisation: Organisation) -> QuerySet[Appeal]:
    """Appeals a public listing may name (Open311 GeoReport requests are public by the spec): never those «for
    official use»; the listing shows the number, the service, the state and the dates, never the text or the author.
    """
    return Appeal.objects.filter(organisation=organisation, for_official_use=False)


def appeal_by_number_and_code(*, organisation: Organisation, number: str, code: str) -> Appeal | None:
    """The appeal whose number and access code both match (the public status lookup); None otherwise."""
    from .services import access_code_hash

    appeal = (
        Appeal.objects.filter(organisation=organisation, number=number.strip()).select_related("organisation").first()
    )
    if appeal is None or not hmac.compare_digest(appeal.access_code_hash, access_code_hash(code)):
        return None
    return appeal


def sent_final_answer(appeal: Appeal) -> Answer | None:
    return (
        appeal.answers.filter(status=AnswerStatus.SENT, kind__in=(AnswerKind.FINAL, AnswerKind.TYPED))
        .order_by("-sent_at")
        .first()
    )


def appeal_for_rating(*, organisation: Organisation, appeal_id: int) -> Appeal | None:
    """The appeal a signed rating link points to, within the organisation of the page (no personal data shown)."""
    return Appeal.objects.filter(pk=appeal_id, organisation=organisation).select_related("organisation").first()


def rating_of(appeal: Appeal) -> AnswerRating | None:
    return AnswerRating.objects.filter(appeal=appeal).first()


def answer_ratings(
    *, organisation: Organisation, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> QuerySet[AnswerRating]:
    """The authors' ratings of answers in an organisation (a rating source for the satisfaction figures)."""
    ratings = AnswerRating.objects.filter(appeal__organisation=organisation)
    if since is not None:
        ratings = ratings.filter(created_at__gte=since)
    if until is not None:
        ratings = ratings.filter(created_at__lt=until)
    return ratings
