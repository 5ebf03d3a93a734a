"""The appeals tile of the service-level board: overdue, due within a week, and this month's late registrations."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser
from otklik.orgs.service_levels import Figure, Level, Tile, register_tile

from .selectors import appeals_for_staff
from .workflow import OPEN_STATES


@register_tile("appeals", order=10)
def appeals_tile(organisation: Organisation, user: AnyUser, today: dt.date) -> Tile | None:
    """ "Overdue" and "due this week" are the staff dashboard's and the queue filter's: open, by the governing date.

    A late registration is one the register service flagged (registered later than the term after receipt).
    """
    week = today + dt.timedelta(days=7)
    month_start = today.replace(day=1)
    open_ = Q(status__in=OPEN_STATES)
    counts = appeals_for_staff(user=user, organisation=organisation).aggregate(
        overdue=Count("pk", filter=open_ & Q(governing_due_date__lt=today)),
        due_week=Count("pk", filter=open_ & Q(governing_due_date__gte=today, governing_due_date__lte=week)),
        late=Count("pk", filter=Q(late_registration=True, registered_on__gte=month_start, registered_on__lte=today)),
    )
    return Tile(
        title=_("Обращения граждан"),
        figures=(
            Figure(_("Просрочено"), counts["overdue"], Level.BREACH if counts["overdue"] else Level.OK),
            Figure(
                _("Срок истекает в ближайшие 7 дней"),
                counts["due_week"],
                Level.WARNING if counts["due_week"] else Level.OK,
            ),
            Figure(
                _("Зарегистрировано с нарушением срока в этом месяце"),
                counts["late"],
                Level.BREACH if counts["late"] else Level.OK,
            ),
        ),
        url=reverse("appeals:queue") + "?overdue=on",
    )
