"""The assignments tile of the service-level board: open and overdue assignments of the body."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, has_role
from otklik.orgs.service_levels import Figure, Level, Tile, register_tile

from .models import OPEN_STATUSES, Assignment
from .selectors import OVERSIGHT_ROLES


@register_tile("assignments", order=20)
def assignments_tile(organisation: Organisation, user: AnyUser, today: dt.date) -> Tile | None:
    """Overdue as the control sweep counts it: open and past its due date."""
    if not has_role(user, organisation, *OVERSIGHT_ROLES):
        return None
    counts = Assignment.objects.filter(organisation=organisation, status__in=OPEN_STATUSES).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))
    )
    return Tile(
        title=_("Поручения"),
        figures=(
            Figure(_("На исполнении"), counts["open"]),
            Figure(_("Просрочено"), counts["overdue"], Level.BREACH if counts["overdue"] else Level.OK),
        ),
        url=reverse("assignments:controlled"),
    )
