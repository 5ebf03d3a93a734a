"""Permission-checked reads of assignments: my tasks, the controller's tasks, a card, the unit head's view."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Membership, Organisation, Unit
from otklik.orgs.permissions import AnyUser, has_role, is_member

from .choices import AssignmentStatus
from .models import OPEN_STATUSES, Assignment, ControlNotice, ControlSettings

# Who sees every assignment of the organisation.
OVERSIGHT_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.CONTROLLER, RoleCode.REGISTRAR)


def control_settings_for(organisation: Organisation) -> ControlSettings:
    """The body's control settings, or the defaults (Monday 9:00, Friday 15:00, no named signer) when none is saved."""
    return ControlSettings.objects.filter(organisation=organisation).first() or ControlSettings(
        organisation=organisation
    )


def open_assignments_exist(appeal: Any) -> bool:
    """True while an assignment on the appeal is not yet executed (the appeal cannot be closed then)."""
    return Assignment.objects.filter(appeal_id=appeal.pk, status__in=OPEN_STATUSES).exists()


def _require_member(user: AnyUser, organisation: Organisation) -> None:
    if not is_member(user, organisation):
        raise PermissionDeniedError("Нет доступа к поручениям этой организации.")


def my_tasks(*, user: AnyUser, organisation: Organisation) -> QuerySet[Assignment]:
    """Open assignments where the person is the responsible executor or a co-executor."""
    _require_member(user, organisation)
    return (
        Assignment.objects.filter(organisation=organisation, status__in=OPEN_STATUSES)
        .filter(Q(executor_id=user.pk) | Q(co_executors__id=user.pk))
        .distinct()
        .select_related("resolution", "appeal", "controller", "executor")
        .order_by("due_date", "pk")
    )


def controlled_by(*, user: AnyUser, organisation: Organisation) -> QuerySet[Assignment]:
    _require_member(user, organisation)
    return (
        Assignment.objects.filter(organisation=organisation, controller_id=user.pk, status__in=OPEN_STATUSES)
        .select_related("resolution", "appeal", "executor")
        .order_by("due_date", "pk")
    )


def notices_for(*, user: AnyUser, organisation: Organisation, limit: int = 30) -> list[ControlNotice]:
    _require_member(user, organisation)
    return list(ControlNotice.objects.filter(organisation=organisation, recipient_id=user.pk)[:limit])


def may_see(user: AnyUser, assignment: Assignment) -> bool:
    if user.pk in (assignment.executor_id, assignment.controller_id, assignment.issued_by_id):
        return True
    if assignment.co_executors.filter(pk=user.pk or 0).exists():
        return True
    if has_role(user, assignment.organisation, *OVERSIGHT_ROLES):
        return True
    if has_role(user, assignment.organisation, RoleCode.UNIT_HEAD):
        unit_ids = Membership.objects.filter(organisation=assignment.organisation, user_id=user.pk or 0).values(
            "unit_id"
        )
        return Membership.objects.filter(
            organisation=assignment.organisation, user_id=assignment.executor_id, unit_id__in=unit_ids
        ).exists()
    return False


def assignment_for_staff(*, user: AnyUser, pk: int) -> Assignment:
    assignment = (
        Assignment.objects.select_related(
            "organisation", "resolution", "appeal", "executor", "controller", "issued_by", "previous"
        )
        .prefetch_related("co_executors", "reports__files", "reports__decided_by")
        .filter(pk=pk)
        .first()
    )
    if assignment is None or not is_member(user, assignment.organisation) or not may_see(user, assignment):
        raise PermissionDeniedError("Поручение не найдено или недоступно.")
    return assignment


def assignments_on_appeal(*, user: AnyUser, appeal: Any) -> list[Assignment]:
    """The appeal card's list; the caller has already checked access to the appeal."""
    _require_member(user, appeal.organisation)
    return list(
        Assignment.objects.filter(appeal_id=appeal.pk)
        .select_related("executor", "controller")
        .order_by("created_at", "pk")
    )


def headed_units(*, user: AnyUser, organisation: Organisation) -> list[Unit]:
    """Units whose head the person is (a unit head's page shows only these); an administrator sees all."""
    _require_member(user, organisation)
    if has_role(user, organisation, RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD):
        return list(Unit.objects.filter(organisation=organisation))
    if not has_role(user, organisation, RoleCode.UNIT_HEAD):
        raise PermissionDeniedError("Страница доступна руководителю структурного подразделения.")
    return list(
        Unit.objects.filter(
            organisation=organisation, staff__user_id=user.pk or 0, staff__roles__code=RoleCode.UNIT_HEAD
        ).distinct()
    )


def unit_workload(
    *, user: AnyUser, organisation: Organisation, unit: Unit, start: dt.date, end: dt.date, today: dt.date
) -> list[dict[str, Any]]:
    """Per employee of the unit: open, overdue, and completed in the period (on time / late) — one GROUP BY."""
    if unit not in headed_units(user=user, organisation=organisation):
        raise PermissionDeniedError("Нет доступа к этому подразделению.")
    staff = list(
        Membership.objects.filter(organisation=organisation, unit=unit, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    done_in_period = Q(status=AssignmentStatus.ACCEPTED, closed_at__date__gte=start, closed_at__date__lte=end)
    counts = {
        row["executor_id"]: row
        for row in Assignment.objects.filter(organisation=organisation, executor_id__in=[m.user_id for m in staff])
        .values("executor_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
            completed=Count("pk", filter=done_in_period),
            completed_late=Count("pk", filter=done_in_period & Q(overdue_noticed_for__isnull=False)),
            issued=Count("pk", filter=Q(created_at__date__gte=start, created_at__date__lte=end)),
        )
    }
    empty = {"open": 0, "overdue": 0, "completed": 0, "completed_late": 0, "issued": 0}
    return [{"member": m, **{k: counts.get(m.user_id, empty)[k] for k in empty}} for m in staff]


def unit_tasks(*, organisation: Organisation, unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Assignment]:
    """The unit's assignments open now or issued/closed in the period (for the period report); access checked above."""
    staff = Membership.objects.filter(organisation=organisation, unit=unit).values("user_id")
    return (
        Assignment.objects.filter(organisation=organisation, executor_id__in=staff)
        .filter(
            Q(status__in=OPEN_STATUSES)
            | Q(created_at__date__gte=start, created_at__date__lte=end)
            | Q(closed_at__date__gte=start, closed_at__date__lte=end)
        )
        .select_related("executor", "resolution")
        .order_by("executor__last_name", "due_date", "pk")
    )
