"""The KPI aggregate queries over stored calls give the hand-calculated figures, in two queries per line."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from otklik.channels.kpi_selectors import line_kpi, operator_kpis, weekly_kpis

from .kpi_factories import KHV, call, cc_body, cc_operator, deputy, phone_line

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 3, 2)


def at(day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=KHV)


@pytest.fixture
def body():
    return cc_body()


@pytest.fixture
def line(body):
    return phone_line(body)


@pytest.fixture
def calls(body, line):
    """A hand-counted week: 4 answered, 4 lost (3 on Tuesday: a breach day), 1 outgoing (ignored)."""
    ivanov = cc_operator(body)
    call(line, at(2), operator=ivanov, wait_seconds=20, talk_seconds=200, wrap_seconds=40, hold_seconds=0)
    call(
        line,
        at(2, 11),
        operator=ivanov,
        wait_seconds=310,
        talk_seconds=400,
        wrap_seconds=60,
        hold_seconds=20,
        transfers=3,
        first_contact_resolved=False,
        satisfied=False,
    )
    call(
        line,
        at(3),
        operator_name="Петрова",
        wait_seconds=60,
        talk_seconds=100,
        wrap_seconds=20,
        transfers=1,
        satisfaction_asked=False,
        satisfied=None,
    )
    call(line, at(4), operator_name="Петрова", wait_seconds=10, talk_seconds=300, wrap_seconds=30, hold_seconds=10)
    for hour in (9, 12, 15):
        call(line, at(3, hour), outcome="lost", wait_seconds=90)
    call(line, at(4, 9), outcome="lost", wait_seconds=40)
    call(line, at(4, 16), direction="out", wait_seconds=999, talk_seconds=999)
    # local midnight bounds: 23:30 on Sunday 8 March is in the week, 00:10 on Monday 9 March is not
    call(line, at(8, 23, 30), wait_seconds=0, talk_seconds=60, wrap_seconds=0)
    call(line, at(9, 0, 10), wait_seconds=0, talk_seconds=60, wrap_seconds=0)
    return ivanov


def test_line_kpis_match_the_hand_calculation_in_two_queries_at_most(line, calls):
    with CaptureQueriesContext(connection) as queries:
        kpi = line_kpi(line, MONDAY, MONDAY + dt.timedelta(days=6))
    assert len(queries) == 2
    # answered: waits 20, 310, 60, 10, 0 → 400/5 = 80.0; talks 200, 400, 100, 300, 60 → 1060/5 = 212.0
    # handling: 260 + 790 + 180 + 350 + 60 = 1640 / 5 = 328.0; resolved 4/5 = 80 %; transfers 4/5 = 0.8
    # asked 4/5 = 80 %; satisfied 3/4 = 75 %; lost on Tue 3 > 2 → one breach day
    # a week with no more lost calls than one day allows needs no count per day
    with CaptureQueriesContext(connection) as queries:
        quiet = line_kpi(line, dt.date(2026, 3, 9), dt.date(2026, 3, 15))
    assert len(queries) == 1 and quiet.lost_breach_days == 0
    assert kpi.as_api() == {
        "calls": 9,
        "answered": 5,
        "lost": 4,
        "avg_wait_seconds": 80.0,
        "max_wait_seconds": 310,
        "waits_over_threshold": 1,
        "first_contact_resolution_percent": 80.0,
        "transfer_coefficient": 0.8,
        "calls_over_two_transfers": 1,
        "lost_breach_days": 1,
        "avg_handling_seconds": 328.0,
        "avg_talk_seconds": 212.0,
        "satisfaction_asked_percent": 80.0,
        "satisfied_percent": 75.0,
        "breaches": ["queue_wait_max_seconds", "transfers_max", "lost_calls_max_per_day"],
    }


def test_a_line_without_thresholds_breaches_nothing(body, calls):
    bare = phone_line(
        body,
        code="hotline",
        **{
            name: None
            for name in (
                "queue_wait_max_seconds",
                "first_contact_resolution_min_percent",
                "transfers_max",
                "lost_calls_max_per_day",
                "avg_handling_max_seconds",
                "avg_talk_max_seconds",
            )
        },
    )
    call(bare, at(3), wait_seconds=900, transfers=5)
    for hour in (9, 10, 11, 12):
        call(bare, at(3, hour), outcome="lost")
    kpi = line_kpi(bare, MONDAY, MONDAY + dt.timedelta(days=6))
    assert kpi.waits_over_threshold == 0
    assert kpi.lost_breach_days == 0
    assert kpi.breaches == ()


def test_operator_rows_and_load(body, line, calls):
    head = deputy(body)
    rows = operator_kpis(user=head, line=line, start=MONDAY, end=MONDAY + dt.timedelta(days=6))
    by_name = {row.name: row for row in rows}
    assert set(by_name) == {calls.get_full_name() or calls.get_username(), "Петрова"}
    mine = next(row for row in rows if row.operator_id == calls.pk)
    assert mine.kpi.answered == 2
    # busy (talk + wrap + hold) 240 + 480 = 720 s over 5 working days × 8 h = 144 000 s → 0.5 %
    assert str(mine.kpi.operator_load_percent) == "0.5"
    # an operator sees only his own row
    assert [row.operator_id for row in operator_kpis(user=calls, line=line, start=MONDAY, end=MONDAY)] == [calls.pk]


def test_weekly_trend_has_every_week_even_empty(line, calls):
    weeks = weekly_kpis(line, MONDAY, dt.date(2026, 3, 22))
    assert [week.monday for week in weeks] == [MONDAY, dt.date(2026, 3, 9), dt.date(2026, 3, 16)]
    assert [week.kpi.calls for week in weeks] == [9, 1, 0]
    # the week of Tuesday 3 March had a day with 3 lost calls (> 2): its bar carries the breach too
    assert [week.kpi.lost_breach_days for week in weeks] == [1, 0, 0]
    assert "lost_calls_max_per_day" in weeks[0].kpi.breaches
