"""Contact-centre KPIs (R-CH-2, 004 App. 3 §7, App. 1 §5.7): pure arithmetic over the totals the database adds up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The names of the thresholds, as the API lists them in `breaches` and as PhoneLine spells its fields.
QUEUE_WAIT = "queue_wait_max_seconds"
FIRST_CONTACT = "first_contact_resolution_min_percent"
TRANSFERS = "transfers_max"
LOST_CALLS = "lost_calls_max_per_day"
AVG_HANDLING = "avg_handling_max_seconds"
AVG_TALK = "avg_talk_max_seconds"
OPERATOR_LOAD = "operator_load_max_percent"

THRESHOLD_NAMES: tuple[str, ...] = (
    QUEUE_WAIT,
    FIRST_CONTACT,
    TRANSFERS,
    LOST_CALLS,
    AVG_HANDLING,
    AVG_TALK,
    OPERATOR_LOAD,
)

BREACH_LABELS: dict[str, Promise] = {
    QUEUE_WAIT: _("ожидание в очереди дольше нормы"),
    FIRST_CONTACT: _("решено при первом обращении меньше нормы"),
    TRANSFERS: _("коэффициент переводов выше нормы"),
    LOST_CALLS: _("потерянных звонков за день больше нормы"),
    AVG_HANDLING: _("среднее время обработки дольше нормы"),
    AVG_TALK: _("средняя продолжительность разговора дольше нормы"),
    OPERATOR_LOAD: _("загрузка оператора выше нормы"),
}

# A call with more transfers than this is counted apart (000 §3.2.4, 001 §3.2 з), 002 §3.2.3).
TRANSFERS_PER_CALL = 2

ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Thresholds:
    """A line's norms; None = the act sets none, and a None never breaches."""

    queue_wait_max_seconds: int | None = None
    first_contact_resolution_min_percent: int | None = None
    transfers_max: int | float | None = None
    lost_calls_max_per_day: int | None = None
    avg_handling_max_seconds: int | None = None
    avg_talk_max_seconds: int | None = None
    operator_load_max_percent: int | None = None


@dataclass(frozen=True)
class Totals:
    """What the aggregate query adds up over the incoming calls of a line (or an operator) in a period.

    Sums and the maximum are over answered calls; `lost_breach_days` is counted by the query per local day.
    """

    calls: int = 0
    answered: int = 0
    lost: int = 0
    wait_sum: int = 0
    wait_max: int | None = None
    waits_over: int = 0
    resolved: int = 0
    transfers_sum: int = 0
    over_two_transfers: int = 0
    over_transfers_max: int = 0
    handling_sum: int = 0
    talk_sum: int = 0
    busy_sum: int = 0
    asked: int = 0
    satisfied: int = 0
    lost_breach_days: int = 0


@dataclass(frozen=True)
class Kpi:
    """The figures of item 4, rounded to one decimal; None where there is nothing to divide by."""

    calls: int
    answered: int
    lost: int
    avg_wait_seconds: Decimal | None
    max_wait_seconds: int | None
    waits_over_threshold: int
    first_contact_resolution_percent: Decimal | None
    transfer_coefficient: Decimal | None
    calls_over_two_transfers: int
    lost_breach_days: int
    avg_handling_seconds: Decimal | None
    avg_talk_seconds: Decimal | None
    satisfaction_asked_percent: Decimal | None
    satisfied_percent: Decimal | None
    operator_load_percent: Decimal | None = None
    breaches: tuple[str, ...] = field(default=())

    def as_api(self) -> dict[str, object]:
        """The API's keys, exactly (figures as floats, one decimal)."""
        return {
            "calls": self.calls,
            "answered": self.answered,
            "lost": self.lost,
            "avg_wait_seconds": as_float(self.avg_wait_seconds),
            "max_wait_seconds": self.max_wait_seconds,
            "waits_over_threshold": self.waits_over_threshold,
            "first_contact_resolution_percent": as_float(self.first_contact_resolution_percent),
            "transfer_coefficient": as_float(self.transfer_coefficient),
            "calls_over_two_transfers": self.calls_over_two_transfers,
            "lost_breach_days": self.lost_breach_days,
            "avg_handling_seconds": as_float(self.avg_handling_seconds),
            "avg_talk_seconds": as_float(self.avg_talk_seconds),
            "satisfaction_asked_percent": as_float(self.satisfaction_asked_percent),
            "satisfied_percent": as_float(self.satisfied_percent),
            "breaches": list(self.breaches),
        }

    @property
    def breach_labels(self) -> list[str]:
        return [str(BREACH_LABELS[name]) for name in self.breaches]


def as_float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def rounded(value: Decimal | float | int) -> Decimal:
    """One decimal, halves away from zero (as people round, not banker's rounding)."""
    return Decimal(str(value)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def ratio(part: int | float, whole: int | float, scale: int = 1) -> Decimal | None:
    """part ÷ whole × scale rounded to one decimal; None when whole is 0."""
    if not whole:
        return None
    return rounded(Decimal(part) * scale / Decimal(whole))


def operator_load(busy_seconds: int, working_minutes: int) -> Decimal | None:
    """(talk + wrap-up + hold) ÷ the operator's working time in the period, in percent (App. 3 §7.5)."""
    return ratio(busy_seconds, working_minutes * 60, 100)


def kpi_of(totals: Totals, thresholds: Thresholds, *, working_minutes: int | None = None) -> Kpi:
    """The KPIs of the totals and which of the thresholds they breach."""
    answered = totals.answered
    load = operator_load(totals.busy_sum, working_minutes) if working_minutes is not None else None
    kpi = Kpi(
        calls=totals.calls,
        answered=answered,
        lost=totals.lost,
        avg_wait_seconds=ratio(totals.wait_sum, answered),
        max_wait_seconds=totals.wait_max,
        waits_over_threshold=totals.waits_over,
        first_contact_resolution_percent=ratio(totals.resolved, answered, 100),
        transfer_coefficient=ratio(totals.transfers_sum, answered),
        calls_over_two_transfers=totals.over_two_transfers,
        lost_breach_days=totals.lost_breach_days,
        avg_handling_seconds=ratio(totals.handling_sum, answered),
        avg_talk_seconds=ratio(totals.talk_sum, answered),
        satisfaction_asked_percent=ratio(totals.asked, answered, 100),
        satisfied_percent=ratio(totals.satisfied, totals.asked, 100),
        operator_load_percent=load,
    )
    return Kpi(
        **{**kpi.__dict__, "breaches": breaches_of(kpi, thresholds, over_transfers_max=totals.over_transfers_max)}
    )


def _over(value: Decimal | int | None, limit: int | float | None) -> bool:
    return value is not None and limit is not None and Decimal(str(value)) > Decimal(str(limit))


def _under(value: Decimal | int | None, limit: int | float | None) -> bool:
    return value is not None and limit is not None and Decimal(str(value)) < Decimal(str(limit))


def breaches_of(kpi: Kpi, thresholds: Thresholds, *, over_transfers_max: int = 0) -> tuple[str, ...]:
    """The names of the thresholds the figures breach, in THRESHOLD_NAMES order.

    The transfer norm is per call (≤ N transfers, 000 §3.2.4): one call over it breaches; a coefficient over N
    implies such a call. Queue wait likewise: one answered call waiting longer than the norm breaches.
    """
    found = {
        QUEUE_WAIT: thresholds.queue_wait_max_seconds is not None and kpi.waits_over_threshold > 0,
        FIRST_CONTACT: _under(kpi.first_contact_resolution_percent, thresholds.first_contact_resolution_min_percent),
        TRANSFERS: thresholds.transfers_max is not None and over_transfers_max > 0,
        LOST_CALLS: thresholds.lost_calls_max_per_day is not None and kpi.lost_breach_days > 0,
        AVG_HANDLING: _over(kpi.avg_handling_seconds, thresholds.avg_handling_max_seconds),
        AVG_TALK: _over(kpi.avg_talk_seconds, thresholds.avg_talk_max_seconds),
        OPERATOR_LOAD: _over(kpi.operator_load_percent, thresholds.operator_load_max_percent),
    }
    return tuple(name for name in THRESHOLD_NAMES if found[name])


# Periods of the board and of the breach notices.
DAY = "day"
WEEK = "week"
MONTH = "month"
QUARTER = "quarter"
PERIODS = (DAY, WEEK, MONTH, QUARTER)
PERIOD_LABELS: dict[str, Promise] = {
    DAY: _("день"),
    WEEK: _("неделя"),
    MONTH: _("месяц"),
    QUARTER: _("квартал"),
}


def period_bounds(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the day/week/month/quarter that contains `day` (weeks start on Monday)."""
    if kind == DAY:
        return day, day
    if kind == WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if kind == MONTH:
        start = day.replace(day=1)
    elif kind == QUARTER:
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    else:
        raise ValueError(kind)
    months = 1 if kind == MONTH else 3
    year, month = divmod(start.month - 1 + months, 12)
    end = dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1)
    return start, end


def last_complete(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last day/week/month that has ended before `today`."""
    start, _end = period_bounds(kind, today)
    return period_bounds(kind, start - dt.timedelta(days=1))


def week_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The Mondays of the weeks that meet [start, end], for the trend by week."""
    monday = start - dt.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class FigureRow:
    """One line of the board and the exports: the figure, the norm in words, and whether it is breached."""

    label: str
    value: str
    norm: str
    breached: bool


def _shown(value: Decimal | int | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value}{unit}"


def _norm(limit: int | float | None, template: Promise) -> str:
    return str(template) % {"n": limit} if limit is not None else str(_("актами не установлена"))


def figure_rows(kpi: Kpi, thresholds: Thresholds) -> list[FigureRow]:
    """The figures of item 4 in reading order, each with its norm and its breach flag."""
    broken = set(kpi.breaches)
    rows = [
        FigureRow(str(_("Входящих звонков")), str(kpi.calls), "", False),
        FigureRow(str(_("Принято")), str(kpi.answered), "", False),
        FigureRow(str(_("Потеряно")), str(kpi.lost), "", False),
        FigureRow(str(_("Среднее ожидание в очереди, с")), _shown(kpi.avg_wait_seconds), "", False),
        FigureRow(str(_("Наибольшее ожидание в очереди, с")), _shown(kpi.max_wait_seconds), "", False),
        FigureRow(
            str(_("Принятых звонков, ожидавших дольше нормы")),
            str(kpi.waits_over_threshold),
            _norm(thresholds.queue_wait_max_seconds, _("ожидание не более %(n)s с")),
            QUEUE_WAIT in broken,
        ),
        FigureRow(
            str(_("Решено при первом обращении, %")),
            _shown(kpi.first_contact_resolution_percent),
            _norm(thresholds.first_contact_resolution_min_percent, _("не менее %(n)s %%")),
            FIRST_CONTACT in broken,
        ),
        FigureRow(str(_("Коэффициент переводов")), _shown(kpi.transfer_coefficient), "", False),
        FigureRow(
            str(_("Звонков с более чем двумя переводами")),
            str(kpi.calls_over_two_transfers),
            _norm(thresholds.transfers_max, _("переводов на звонок не более %(n)s")),
            TRANSFERS in broken,
        ),
        FigureRow(
            str(_("Дней с потерянными звонками сверх нормы")),
            str(kpi.lost_breach_days),
            _norm(thresholds.lost_calls_max_per_day, _("потерянных в день не более %(n)s")),
            LOST_CALLS in broken,
        ),
        FigureRow(
            str(_("Среднее время обработки, с")),
            _shown(kpi.avg_handling_seconds),
            _norm(thresholds.avg_handling_max_seconds, _("не более %(n)s с")),
            AVG_HANDLING in broken,
        ),
        FigureRow(
            str(_("Средняя продолжительность разговора, с")),
            _shown(kpi.avg_talk_seconds),
            _norm(thresholds.avg_talk_max_seconds, _("не более %(n)s с")),
            AVG_TALK in broken,
        ),
        FigureRow(str(_("Задан вопрос об удовлетворённости, %")), _shown(kpi.satisfaction_asked_percent), "", False),
        FigureRow(str(_("Удовлетворены из опрошенных, %")), _shown(kpi.satisfied_percent), "", False),
    ]
    if kpi.operator_load_percent is not None:
        rows.append(
            FigureRow(
                str(_("Загрузка оператора, %")),
                _shown(kpi.operator_load_percent),
                _norm(thresholds.operator_load_max_percent, _("не более %(n)s %%")),
                OPERATOR_LOAD in broken,
            )
        )
    return rows
