"""The appeals panel of the staff dashboard: what is overdue or due within a week among the appeals one may open."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q

from otklik.calendars.selectors import today_for
from otklik.orgs.dashboard import register_panel
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, is_member

from .selectors import appeals_for_staff
from .workflow import OPEN_STATES


@register_panel("appeals/dashboard_panel.html", order=5)
def appeals_panel(user: AnyUser, organisation: Organisation) -> dict[str, Any] | None:
    """Counts over the appeals the person may open (the queue's rule): a count of appeals one cannot open would
    tell the person nothing they could act on, and the body's totals are in the quarterly analysis."""
    if not is_member(user, organisation):
        return None
    today = today_for(organisation)
    week = today + dt.timedelta(days=7)
    open_appeals = (
        appeals_for_staff(user=user, organisation=organisation)
        .filter(status__in=OPEN_STATES)
        .annotate(governing=F("governing_due_date"))
    )
    mine = Q(executor=user) | Q(controller=user)
    counts = open_appeals.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(governing__lt=today)),
        due_week=Count("pk", filter=Q(governing__gte=today, governing__lte=week)),
        mine_overdue=Count("pk", filter=mine & Q(governing__lt=today)),
        mine_due_week=Count("pk", filter=mine & Q(governing__gte=today, governing__lte=week)),
    )
    return {"counts": counts, "today": today}
