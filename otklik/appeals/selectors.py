"""Permission-checked reads of appeals; reading an author's personal data is logged."""

from __future__ import annotations

import datetime as dt
import hmac

from django.db.models import Q, QuerySet

from otklik.core.audit import audit_read
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, has_role, is_member

from .choices import AnswerKind, AnswerStatus
from .models import Answer, AnswerRating, Appeal

# Who sees appeals marked «for official use» besides the people assigned to them.
OFFICIAL_USE_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.CONTROLLER, RoleCode.REGISTRAR)


def appeals_for_staff(*, user: AnyUser, organisation: Organisation) -> QuerySet[Appeal]:
    """The body's appeals a member may see: «for official use» ones only by role or assignment."""
    if not is_member(user, organisation):
        raise PermissionDeniedError("Нет доступа к обращениям этой организации.")
    appeals = Appeal.objects.filter(organisation=organisation)
    if has_role(user, organisation, *OFFICIAL_USE_ROLES):
        return appeals
    return appeals.filter(Q(for_official_use=False) | Q(executor_id=user.pk) | Q(controller_id=user.pk))


def appeal_for_staff(*, user: AnyUser, pk: int) -> Appeal:
    """One appeal with its author and questions, for a member of its organisation; the read is audited."""
    appeal = _visible(
        user,
        Appeal.objects.select_related("organisation", "author", "unit", "executor", "controller")
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
    if appeal is None or not is_member(user, appeal.organisation) or not _may_see(user, appeal):
        raise PermissionDeniedError("Обращение не найдено или недоступно.")
    return appeal


def _may_see(user: AnyUser, appeal: Appeal) -> bool:
    if not appeal.for_official_use or user.pk in (appeal.executor_id, appeal.controller_id):
        return True
    return has_role(user, appeal.organisation, *OFFICIAL_USE_ROLES)


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
