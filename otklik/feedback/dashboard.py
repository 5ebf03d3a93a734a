"""The feedback panel of the staff dashboard: open follow-up tasks of negative questionnaires."""

from __future__ import annotations

from typing import Any

from otklik.calendars.selectors import today_for
from otklik.orgs.dashboard import register_panel
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, is_member

from .selectors import follow_ups_for_staff


@register_panel("feedback/dashboard_panel.html", order=15)
def feedback_panel(user: AnyUser, organisation: Organisation) -> dict[str, Any] | None:
    if not is_member(user, organisation):
        return None
    tasks = follow_ups_for_staff(user=user, organisation=organisation, open_only=True)
    if not tasks.exists():
        return None
    today = today_for(organisation)
    return {
        "tasks": list(tasks[:10]),
        "count": tasks.count(),
        "overdue": tasks.filter(due_on__lt=today).count(),
        "today": today,
    }
