"""The contact-centre KPI arithmetic as a table: figures, rounding, breach flags, None thresholds, periods."""

import datetime as dt
from decimal import Decimal

import pytest

from otklik.channels.kpi import (
    AVG_HANDLING,
    AVG_TALK,
    FIRST_CONTACT,
    LOST_CALLS,
    OPERATOR_LOAD,
    QUEUE_WAIT,
    TRANSFERS,
    Thresholds,
    Totals,
    kpi_of,
    last_complete,
    period_bounds,
    rounded,
    week_starts,
)

ACT = Thresholds(
    queue_wait_max_seconds=300,
    first_contact_resolution_min_percent=80,
    transfers_max=2,
    lost_calls_max_per_day=2,
    avg_handling_max_seconds=420,
    avg_talk_max_seconds=600,
    operator_load_max_percent=85,
)
# 3 answered calls: waits 10/20/400, talk 100/200/700, wrap 10/10/10, hold 0/0/30; 2 resolved; transfers 0/1/3
TOTALS = Totals(
    calls=5,
    answered=3,
    lost=2,
    wait_sum=430,
    wait_max=400,
    waits_over=1,
    resolved=2,
    transfers_sum=4,
    over_two_transfers=1,
    over_transfers_max=1,
    handling_sum=430 + 1000 + 30 + 30,
    talk_sum=1000,
    busy_sum=1000 + 30 + 30,
    asked=3,
    satisfied=1,
    lost_breach_days=0,
)


def test_figures_are_the_definitions_rounded_to_one_decimal():
    kpi = kpi_of(TOTALS, ACT)
    assert kpi.as_api() == {
        "calls": 5,
        "answered": 3,
        "lost": 2,
        "avg_wait_seconds": 143.3,
        "max_wait_seconds": 400,
        "waits_over_threshold": 1,
        "first_contact_resolution_percent": 66.7,
        "transfer_coefficient": 1.3,
        "calls_over_two_transfers": 1,
        "lost_breach_days": 0,
        "avg_handling_seconds": 496.7,
        "avg_talk_seconds": 333.3,
        "satisfaction_asked_percent": 100.0,
        "satisfied_percent": 33.3,
        "breaches": [QUEUE_WAIT, FIRST_CONTACT, TRANSFERS, AVG_HANDLING],
    }


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"waits_over": 0}, {FIRST_CONTACT, TRANSFERS, AVG_HANDLING}),
        ({"resolved": 3}, {QUEUE_WAIT, TRANSFERS, AVG_HANDLING}),
        ({"over_transfers_max": 0}, {QUEUE_WAIT, FIRST_CONTACT, AVG_HANDLING}),
        ({"lost_breach_days": 1}, {QUEUE_WAIT, FIRST_CONTACT, TRANSFERS, AVG_HANDLING, LOST_CALLS}),
        ({"talk_sum": 1801}, {QUEUE_WAIT, FIRST_CONTACT, TRANSFERS, AVG_HANDLING, AVG_TALK}),
        ({"handling_sum": 1260}, {QUEUE_WAIT, FIRST_CONTACT, TRANSFERS}),  # exactly 420 s: not over
        ({"handling_sum": 1261}, {QUEUE_WAIT, FIRST_CONTACT, TRANSFERS, AVG_HANDLING}),
    ],
)
def test_each_breach_flag(changes, expected):
    totals = Totals(**{**TOTALS.__dict__, **changes})
    assert set(kpi_of(totals, ACT).breaches) == expected


def test_a_threshold_the_act_does_not_set_never_breaches():
    totals = Totals(**{**TOTALS.__dict__, "lost_breach_days": 5})
    assert kpi_of(totals, Thresholds()).breaches == ()
    assert kpi_of(totals, Thresholds(transfers_max=2)).breaches == (TRANSFERS,)


def test_no_calls_gives_empty_figures_and_no_breach():
    kpi = kpi_of(Totals(), ACT)
    assert kpi.avg_wait_seconds is None
    assert kpi.first_contact_resolution_percent is None
    assert kpi.satisfied_percent is None
    assert kpi.breaches == ()
    assert kpi.as_api()["calls"] == 0


def test_operator_load_against_working_time():
    # 1 060 busy seconds over 20 working minutes (1 200 s) = 88.3 % > 85 %
    kpi = kpi_of(TOTALS, ACT, working_minutes=20)
    assert kpi.operator_load_percent == Decimal("88.3")
    assert OPERATOR_LOAD in kpi.breaches
    assert kpi_of(TOTALS, ACT, working_minutes=0).operator_load_percent is None


def test_rounding_is_half_up():
    assert rounded(0.25) == Decimal("0.3")
    assert rounded(Decimal("2.35")) == Decimal("2.4")


@pytest.mark.parametrize(
    ("kind", "day", "bounds"),
    [
        ("day", dt.date(2026, 3, 4), (dt.date(2026, 3, 4), dt.date(2026, 3, 4))),
        ("week", dt.date(2026, 3, 4), (dt.date(2026, 3, 2), dt.date(2026, 3, 8))),
        ("month", dt.date(2026, 2, 14), (dt.date(2026, 2, 1), dt.date(2026, 2, 28))),
        ("quarter", dt.date(2026, 11, 30), (dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
    ],
)
def test_period_bounds(kind, day, bounds):
    assert period_bounds(kind, day) == bounds


def test_last_complete_period_and_weeks():
    assert last_complete("month", dt.date(2026, 1, 10)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert last_complete("day", dt.date(2026, 1, 1)) == (dt.date(2025, 12, 31), dt.date(2025, 12, 31))
    assert week_starts(dt.date(2026, 3, 4), dt.date(2026, 3, 16)) == [
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 16),
    ]
