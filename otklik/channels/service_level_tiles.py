"""The channels room's tiles of the service-level board: social-media timers and the contact centre's norms."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser
from otklik.orgs.service_levels import Figure, Level, Tile, register_tile

from .inbox_selectors import can_work_inbox, inbox_month_figures
from .kpi_selectors import month_breaches, sees_all_operators


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


@register_tile("contact_centre", order=40)
def contact_centre_tile(organisation: Organisation, user: AnyUser, today: dt.date) -> Tile | None:
    """Each phone line's norms this month (the dashboard panel's figures, cached there); a breach names the norms."""
    if not sees_all_operators(user, organisation):
        return None
    lines = month_breaches(user=user, organisation=organisation, today=today)
    if not lines:
        return None
    return Tile(
        title=_("Контакт-центр"),
        figures=tuple(
            Figure(line.name, "; ".join(line.breach_labels), Level.BREACH)
            if line.breaches
            else Figure(line.name, _("нормы соблюдены"))
            for line in lines
        ),
        url=reverse("cc_kpi:board"),
    )
