"""Template tags of the assignments room: the appeal card's list of assignments (a small include)."""

from __future__ import annotations

from typing import Any

from django import template

from otklik.appeals.workflow import OPEN_STATES

from ..selectors import assignments_on_appeal
from ..services import RESOLUTION_ROLES

register = template.Library()


@register.simple_tag(takes_context=True)
def appeal_assignments(context: dict[str, Any], appeal: Any) -> dict[str, Any]:
    from otklik.orgs.permissions import has_role

    user = context["request"].user
    return {
        "items": assignments_on_appeal(user=user, appeal=appeal),
        "can_issue": appeal.status in OPEN_STATES and has_role(user, appeal.organisation, *RESOLUTION_ROLES),
    }
