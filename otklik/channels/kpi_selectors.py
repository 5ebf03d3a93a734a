"""Reads of the contact-centre KPI board: who may see it, the lines, and the aggregate queries behind the figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncWeek
from django.utils.translation import gettext as _

from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import AnyUser, has_role

from .hours_selectors import working_time_for
from .kpi import BREACH_LABELS, MONTH, TRANSFERS_PER_CALL, Kpi, Thresholds, Totals, kpi_of, period_bounds, week_starts
from .models import CallRecord, PhoneLine
from .models.calls import CallDirection, CallOutcome

KPI_ROLES = (RoleCode.CC_OPERATOR, RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD)
KPI_ALL_OPERATORS_ROLES = (RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD)


def can_see_kpi(user: AnyUser, organisation: Organisation) -> bool:
    return has_role(user, organisation, *KPI_ROLES)


def sees_all_operators(user: AnyUser, organisation: Organisation) -> bool:
    return has_role(user, organisation, *KPI_ALL_OPERATORS_ROLES)


def require_kpi(user: AnyUser, organisation: Organisation) -> None:
    if not can_see_kpi(user, organisation):
        raise PermissionDeniedError(
            _("Показатели контакт-центра видят операторы контакт-центра, заместитель руководителя и руководитель.")
        )


def lines_for_kpi(*, user: AnyUser, organisation: Organisation) -> QuerySet[PhoneLine]:
    require_kpi(user, organisation)
    return PhoneLine.objects.filter(organisation=organisation, is_active=True).order_by("code")


def line_for_kpi(*, user: AnyUser, organisation: Organisation, code: str) -> PhoneLine | None:
    require_kpi(user, organisation)
    return PhoneLine.objects.filter(organisation=organisation, code=code).first()


def thresholds_of(line: PhoneLine) -> Thresholds:
    return Thresholds(
        queue_wait_max_seconds=line.queue_wait_max_seconds,
        first_contact_resolution_min_percent=line.first_contact_resolution_min_percent,
        transfers_max=line.transfers_max,
        lost_calls_max_per_day=line.lost_calls_max_per_day,
        avg_handling_max_seconds=line.avg_handling_max_seconds,
        avg_talk_max_seconds=line.avg_talk_max_seconds,
        operator_load_max_percent=line.operator_load_max_percent,
    )


def local_range(organisation: Organisation, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Midnight of `start` to midnight after `end`, in the body's time zone."""
    tz = organisation.tz
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def incoming_calls(line: PhoneLine, start: dt.date, end: dt.date) -> QuerySet[CallRecord]:
    since, until = local_range(line.organisation, start, end)
    return CallRecord.objects.filter(
        organisation_id=line.organisation_id,
        line=line,
        direction=CallDirection.IN,
        started_at__gte=since,
        started_at__lt=until,
    )


def _aggregates(line: PhoneLine) -> dict[str, Any]:
    """The sums and counts of Totals as one aggregate over incoming calls (answered-call figures filtered)."""
    answered = Q(outcome=CallOutcome.ANSWERED)
    wait_limit = line.queue_wait_max_seconds
    transfers_limit = line.transfers_max
    return {
        "calls": Count("pk"),
        "answered": Count("pk", filter=answered),
        "lost": Count("pk", filter=Q(outcome=CallOutcome.LOST)),
        "wait_sum": Sum("wait_seconds", filter=answered, default=0),
        "wait_max": Max("wait_seconds", filter=answered),
        "waits_over": Count("pk", filter=answered & Q(wait_seconds__gt=wait_limit))
        if wait_limit is not None
        else Count("pk", filter=Q(pk__isnull=True)),
        "resolved": Count("pk", filter=answered & Q(first_contact_resolved=True)),
        "transfers_sum": Sum("transfers", filter=answered, default=0),
        "over_two_transfers": Count("pk", filter=answered & Q(transfers__gt=TRANSFERS_PER_CALL)),
        "over_transfers_max": Count("pk", filter=answered & Q(transfers__gt=transfers_limit))
        if transfers_limit is not None
        else Count("pk", filter=Q(pk__isnull=True)),
        "handling_sum": Sum(
            F("wait_seconds") + F("talk_seconds") + F("wrap_seconds") + F("hold_seconds"), filter=answered, default=0
        ),
        "talk_sum": Sum("talk_seconds", filter=answered, default=0),
        "busy_sum": Sum(F("talk_seconds") + F("wrap_seconds") + F("hold_seconds"), filter=answered, default=0),
        "asked": Count("pk", filter=answered & Q(satisfaction_asked=True)),
        "satisfied": Count("pk", filter=answered & Q(satisfaction_asked=True, satisfied=True)),
    }


def _totals(row: dict[str, Any], lost_breach_days: int = 0) -> Totals:
    fields = Totals.__dataclass_fields__
    return Totals(**{name: row[name] for name in fields if name in row}, lost_breach_days=lost_breach_days)


def lost_breach_dates(line: PhoneLine, start: dt.date, end: dt.date) -> list[dt.date]:
    """The local days of the period with more lost calls than the line allows; none when the act sets no limit."""
    limit = line.lost_calls_max_per_day
    if limit is None:
        return []
    return list(
        incoming_calls(line, start, end)
        .filter(outcome=CallOutcome.LOST)
        .annotate(day=TruncDate("started_at", tzinfo=line.organisation.tz))
        .values("day")
        .annotate(n=Count("pk"))
        .filter(n__gt=limit)
        .order_by("day")
        .values_list("day", flat=True)
    )


def lost_breach_days(line: PhoneLine, start: dt.date, end: dt.date) -> int:
    return len(lost_breach_dates(line, start, end))


def line_kpi(line: PhoneLine, start: dt.date, end: dt.date) -> Kpi:
    """The KPIs of a line over [start, end] (local days): one or two queries, whatever the number of calls."""
    row = incoming_calls(line, start, end).aggregate(**_aggregates(line))
    limit = line.lost_calls_max_per_day
    # no day can have more lost calls than the whole period: the second query only when it may find one
    breach_days = lost_breach_days(line, start, end) if limit is not None and row["lost"] > limit else 0
    return kpi_of(_totals(row, breach_days), thresholds_of(line))


@dataclass(frozen=True)
class OperatorKpi:
    operator_id: int | None
    name: str
    kpi: Kpi


def operator_kpis(*, user: AnyUser, line: PhoneLine, start: dt.date, end: dt.date) -> list[OperatorKpi]:
    """A line's figures per operator (one grouped query), with each operator's load against working time.

    Operators see their own row only; the deputy head and the head see every operator.
    """
    organisation = line.organisation
    calls = incoming_calls(line, start, end).filter(Q(operator__isnull=False) | ~Q(operator_name=""))
    if not sees_all_operators(user, organisation):
        calls = calls.filter(operator_id=user.pk if isinstance(user, User) else None)
    rows = calls.values("operator_id", "operator_name").annotate(**_aggregates(line)).order_by("operator_name")
    since, until = local_range(organisation, start, end)
    working_minutes = working_time_for(organisation, line.channel).working_minutes_between(since, until)
    names = {
        user.pk: user.get_full_name() or user.get_username()
        for user in User.objects.filter(pk__in=[row["operator_id"] for row in rows if row["operator_id"]])
    }
    thresholds = thresholds_of(line)
    return [
        OperatorKpi(
            operator_id=row["operator_id"],
            name=names.get(row["operator_id"]) or row["operator_name"] or "—",
            kpi=kpi_of(_totals(row), thresholds, working_minutes=working_minutes),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class WeekKpi:
    monday: dt.date
    kpi: Kpi


def weekly_kpis(line: PhoneLine, start: dt.date, end: dt.date) -> list[WeekKpi]:
    """The trend by week: one grouped query over the weeks that meet [start, end] (whole weeks), and one for the
    days with too many lost calls when some week has more than a day allows."""
    weeks = week_starts(start, end)
    if not weeks:
        return []
    first, last = weeks[0], weeks[-1] + dt.timedelta(days=6)
    tz = line.organisation.tz
    rows = {
        row["week"]: row
        for row in incoming_calls(line, first, last)
        .annotate(week=TruncWeek("started_at", tzinfo=tz))
        .values("week")
        .annotate(**_aggregates(line))
        .order_by("week")
    }
    by_day = {(key.date() if isinstance(key, dt.datetime) else key): row for key, row in rows.items()}
    limit = line.lost_calls_max_per_day
    may_breach = limit is not None and any(row["lost"] > limit for row in by_day.values())
    breach_weeks = Counter(
        day - dt.timedelta(days=day.weekday()) for day in (lost_breach_dates(line, first, last) if may_breach else [])
    )
    thresholds = thresholds_of(line)
    return [
        WeekKpi(
            monday=monday,
            kpi=kpi_of(_totals(by_day[monday], breach_weeks[monday]) if monday in by_day else Totals(), thresholds),
        )
        for monday in weeks
    ]


TREND_WEEKS = 8


@dataclass(frozen=True)
class LineBoard:
    """One line on the KPI board: its figures, its operators and its weekly trend."""

    line: PhoneLine
    thresholds: Thresholds
    kpi: Kpi
    operators: list[OperatorKpi]
    weeks: list[WeekKpi]


@dataclass(frozen=True)
class KpiBoard:
    organisation: Organisation
    period: str
    start: dt.date
    end: dt.date
    lines: list[LineBoard]
    all_operators: bool

    @property
    def breach_count(self) -> int:
        return sum(len(board.kpi.breaches) for board in self.lines)


def trend_range(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The weeks the trend shows: the period's, and at least the TREND_WEEKS weeks up to its end."""
    return min(start, end - dt.timedelta(weeks=TREND_WEEKS - 1)), end


def kpi_board(*, user: AnyUser, organisation: Organisation, period: str, day: dt.date) -> KpiBoard:
    """The board for the period of kind `period` that contains `day`: every active line of the body."""
    start, end = period_bounds(period, day)
    trend_start, trend_end = trend_range(start, end)
    boards = []
    for line in lines_for_kpi(user=user, organisation=organisation).select_related("organisation", "channel"):
        boards.append(
            LineBoard(
                line=line,
                thresholds=thresholds_of(line),
                kpi=line_kpi(line, start, end),
                operators=operator_kpis(user=user, line=line, start=start, end=end),
                weeks=weekly_kpis(line, trend_start, trend_end),
            )
        )
    return KpiBoard(
        organisation=organisation,
        period=period,
        start=start,
        end=end,
        lines=boards,
        all_operators=sees_all_operators(user, organisation),
    )


@dataclass(frozen=True)
class LineBreaches:
    name: str
    calls: int
    breaches: tuple[str, ...]

    @property
    def breach_labels(self) -> list[str]:
        return [str(BREACH_LABELS[name]) for name in self.breaches]


# The dashboard shows the month so far on every visit of the deputy head and the head: its figures are kept for
# five minutes (a quarter-million calls a month per line costs a few hundred milliseconds to add up).
MONTH_BREACHES_SECONDS = 300


def month_breaches(*, user: AnyUser, organisation: Organisation, today: dt.date) -> list[LineBreaches]:
    """Each active line's breaches from the first of this month to today, for the dashboard."""
    lines = lines_for_kpi(user=user, organisation=organisation).select_related("organisation")
    key = f"cc-kpi-month:{organisation.pk}:{today.isoformat()}"
    held: list[tuple[str, int, tuple[str, ...]]] | None = cache.get(key)
    if held is None:
        start, _end = period_bounds(MONTH, today)
        held = []
        for line in lines:
            kpi = line_kpi(line, start, today)
            held.append((line.name, kpi.calls, kpi.breaches))
        cache.set(key, held, MONTH_BREACHES_SECONDS)
    return [LineBreaches(name=name, calls=calls, breaches=breaches) for name, calls, breaches in held]
