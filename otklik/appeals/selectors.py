"""Permission-checked reads of appeals; reading an author's personal data is logged."""

from __future__ import annotations

from django.db.models import QuerySet

from otklik.core.audit import audit_read
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, is_member

from .models import Appeal


def appeals_for_staff(*, user: AnyUser, organisation: Organisation) -> QuerySet[Appeal]:
    if not is_member(user, organisation):
        raise PermissionDeniedError("Нет доступа к обращениям этой организации.")
    return Appeal.objects.filter(organisation=organisation)


def appeal_for_staff(*, user: AnyUser, pk: int) -> Appeal:
    """One appeal with its author and questions, for a member of its organisation; the read is audited."""
    appeal = (
        Appeal.objects.select_related("organisation", "author", "unit", "executor", "controller")
        .prefetch_related("questions__classifier", "notices", "attachments")
        .filter(pk=pk)
        .first()
    )
    if appeal is None or not is_member(user, appeal.organisation):
        raise PermissionDeniedError("Обращение не найдено или недоступно.")
    audit_read(
        actor=user if user.is_authenticated else None, obj=appeal, organisation=appeal.organisation, what="appeal"
    )
    return appeal
