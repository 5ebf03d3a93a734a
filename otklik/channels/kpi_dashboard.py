"""The contact-centre panel of the staff dashboard: this month's breaches per line, for the deputy head and head."""

from __future__ import annotations

from typing import Any

from otklik.calendars.selectors import today_for
from otklik.orgs.dashboard import register_panel
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser

from .kpi_selectors import month_breaches, sees_all_operators


@register_panel("channels/kpi/dashboard_panel.html", order=13)
def cc_kpi_panel(user: AnyUser, organisation: Organisation) -> dict[str, Any] | None:
    if not sees_all_operators(user, organisation):
        return None
    lines = month_breaches(user=user, organisation=organisation, today=today_for(organisation))
    if not lines:
        return None
    return {"lines": lines}
