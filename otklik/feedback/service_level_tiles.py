"""The feedback tiles of the service-level board: this month's satisfaction and the open follow-up tasks."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser
from otklik.orgs.service_levels import Figure, Level, Tile, register_tile

from .choices import FollowUpStatus
from .ratings import Csat, rating_facts
from .selectors import can_read_results, follow_ups_for_staff


@register_tile("satisfaction", order=60)
def satisfaction_tile(organisation: Organisation, user: AnyUser, today: dt.date) -> Tile | None:
    """The quarter page's figures for the month so far: every rating source, satisfied = a score of 4 or 5."""
    if not can_read_results(user, organisation):
        return None
    total = satisfied = score_sum = 0
    for fact in rating_facts(organisation, today.replace(day=1), today):
        total += 1
        satisfied += fact.score >= 4
        score_sum += fact.score
    csat = Csat(total, satisfied)
    return Tile(
        title=_("Удовлетворённость клиентов"),
        figures=(
            Figure(_("Оценок в этом месяце"), total),
            Figure(_("Средняя оценка (1–5)"), round(score_sum / total, 1) if total else None),
            Figure(_("Доля удовлетворённых, %"), csat.percent),
        ),
        url=reverse("feedback:quarter"),
    )


@register_tile("follow_ups", order=70)
def follow_ups_tile(organisation: Organisation, user: AnyUser, today: dt.date) -> Tile | None:
    if not can_read_results(user, organisation):
        return None
    counts = (
        follow_ups_for_staff(user=user, organisation=organisation)
        .order_by()
        .aggregate(
            open=Count("pk", filter=Q(status=FollowUpStatus.OPEN)),
            overdue=Count("pk", filter=Q(status=FollowUpStatus.OPEN, due_on__lt=today)),
        )
    )
    return Tile(
        title=_("Отработка негативных анкет"),
        figures=(
            Figure(_("Открыто"), counts["open"], Level.WARNING if counts["open"] else Level.OK),
            Figure(_("Просрочено"), counts["overdue"], Level.BREACH if counts["overdue"] else Level.OK),
        ),
        url=reverse("feedback:follow_ups"),
    )
