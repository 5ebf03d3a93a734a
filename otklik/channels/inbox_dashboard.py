"""The social-media panel of the staff dashboard: open items, and this month's warnings and breaches."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from otklik.orgs.dashboard import register_panel
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser

from .inbox_selectors import can_work_inbox, inbox_month_figures


@register_panel("channels/inbox/dashboard_panel.html", order=12)
def inbox_panel(user: AnyUser, organisation: Organisation) -> dict[str, Any] | None:
    if not can_work_inbox(user, organisation):
        return None
    return {"figures": inbox_month_figures(user=user, organisation=organisation, now=timezone.now())}
