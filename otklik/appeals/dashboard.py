"""The appeals panel of the staff dashboard: what is overdue or due within a week, for the person and the body."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q

from otklik.calendars.selectors import today_for
from otklik.orgs.dashboard import register_panel
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, is_member

from .models import Appeal
from .workflow import OPEN_STATES


@register_panel("appeals/dashboard_panel.html", order=5)
def appeals_panel(user: AnyUser, organisation: Organisation) -> dict[str, Any] | None:
    if not is_member(user, organisation):
        return None
    today = today_for(organisation)
    week = today + dt.timedelta(days=7)
    open_appeals = Appeal.objects.filter(organisation=organisation, status__in=OPEN_STATES).annotate(
        governing=F("governing_due_date")
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
