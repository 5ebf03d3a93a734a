"""The social-media tile of the service-level board: open items, and this month's warned and breached timers."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser
from otklik.orgs.service_levels import Figure, Level, Tile, register_tile

from .inbox_selectors import can_work_inbox, inbox_month_figures


@register_tile("social", order=30)
def social_tile(organisation: Organisation, user: AnyUser, today: dt.date) -> Tile | None:
    """The figures are the inbox panel's (one aggregate); the month is the current one in the body's time zone."""
    if not can_work_inbox(user, organisation):
        return None
    figures = inbox_month_figures(user=user, organisation=organisation, now=timezone.now())
    return Tile(
        title=_("Соцсети и мессенджеры"),
        figures=(
            Figure(_("Ждут ответа"), figures.open),
            Figure(
                _("Предупреждений о сроке в этом месяце"), figures.warned, Level.WARNING if figures.warned else Level.OK
            ),
            Figure(
                _("Нарушений срока в этом месяце"), figures.breached, Level.BREACH if figures.breached else Level.OK
            ),
        ),
        url=reverse("inbox:list"),
    )
