"""The registry's dashboard panel: versions waiting for publication and proposals waiting for review."""

from __future__ import annotations

from typing import Any

from otklik.calendars.selectors import calendar_for, today_for
from otklik.orgs.choices import RoleCode
from otklik.orgs.dashboard import register_panel
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, has_role

from . import selectors


@register_panel("touchpoints/dashboard_panel.html", order=10)
def registry_panel(user: AnyUser, organisation: Organisation) -> dict[str, Any] | None:
    if not has_role(user, organisation, RoleCode.REGISTRY_KEEPER, RoleCode.UNIT_HEAD, RoleCode.CC_DEPUTY_HEAD):
        return None
    today = today_for(organisation)
    calendar = calendar_for(organisation)
    pending = [
        {
            "version": version,
            "overdue": selectors.version_is_overdue(version, today),
            "days_left": calendar.working_days_between(today, version.publish_due),
        }
        for version in selectors.pending_publications(user=user, organisation=organisation)
    ]
    return {"pending": pending, "open_changes": selectors.open_change_count(organisation)}
