"""The assignments panel of the staff dashboard: my open tasks, reports awaiting my decision, new notices."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from otklik.calendars.selectors import today_for
from otklik.orgs.dashboard import register_panel
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, is_member

from .choices import AssignmentStatus
from .models import OPEN_STATUSES, Assignment, ControlNotice


@register_panel("assignments/dashboard_panel.html", order=6)
def assignments_panel(user: AnyUser, organisation: Organisation) -> dict[str, Any] | None:
    if not is_member(user, organisation):
        return None
    today = today_for(organisation)
    mine = Assignment.objects.filter(organisation=organisation, status__in=OPEN_STATUSES).filter(
        Q(executor_id=user.pk) | Q(co_executors__id=user.pk)
    )
    return {
        "open": mine.distinct().count(),
        "overdue": mine.filter(due_date__lt=today).distinct().count(),
        "to_accept": Assignment.objects.filter(
            organisation=organisation, controller_id=user.pk, status=AssignmentStatus.REPORTED
        ).count(),
        "new_notices": ControlNotice.objects.filter(
            organisation=organisation, recipient_id=user.pk, read_at__isnull=True
        ).count(),
    }
