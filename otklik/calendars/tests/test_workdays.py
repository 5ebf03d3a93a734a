"""The official Russian production calendars of 2024-2026 and terms computed over them (no database).

Sources, checked date by date against the `holidays` package output:
2024 — постановление Правительства РФ от 10.08.2023 № 1335 (248 working days);
2025 — постановление Правительства РФ от 04.10.2024 № 1335 (247 working days);
2026 — постановление Правительства РФ от 24.09.2025 № 1466 (247 working days).
Holidays falling on a weekend outside January move to the next working day by art. 112 of the Labour Code
(9 March 2026, 11 May 2026) unless a decree moves them elsewhere (2025: 23 Feb -> 8 May, 8 Mar -> 13 Jun).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from otklik.calendars.workdays import WorkCalendar, local_date, national_is_working_day
from otklik.orgs.choices import TermEndPolicy

D = dt.date
NATIONAL = WorkCalendar()


def days(year: int, *month_days: tuple[int, int]) -> list[dt.date]:
    return [D(year, month, day) for month, day in month_days]


# Every weekday (Mon-Fri) that is NOT working: holidays, transferred days off, "observed" days off.
WEEKDAYS_OFF = {
    2024: days(
        2024,
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 4),
        (1, 5),
        (1, 8),  # New Year holidays and Christmas
        (2, 23),  # Defender of the Fatherland Day (Fri)
        (3, 8),  # International Women's Day (Fri)
        (4, 29),
        (4, 30),  # transferred from Sat 27 April and Sat 2 November
        (5, 1),
        (5, 9),  # Spring and Labour Day, Victory Day
        (5, 10),  # transferred from Sat 6 January
        (6, 12),  # Russia Day (Wed)
        (11, 4),  # Unity Day (Mon)
        (12, 30),  # transferred from Sat 28 December
        (12, 31),  # transferred from Sun 7 January
    ),
    2025: days(
        2025,
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 6),
        (1, 7),
        (1, 8),
        (5, 1),
        (5, 2),  # transferred from Sat 4 January
        (5, 8),  # transferred from Sun 23 February
        (5, 9),
        (6, 12),
        (6, 13),  # transferred from Sat 8 March
        (11, 3),  # transferred from Sat 1 November
        (11, 4),
        (12, 31),  # transferred from Sun 5 January
    ),
    2026: days(
        2026,
        (1, 1),
        (1, 2),
        (1, 5),
        (1, 6),
        (1, 7),
        (1, 8),
        (1, 9),  # transferred from Sat 3 January
        (2, 23),  # Mon
        (3, 9),  # 8 March is a Sunday: observed on Monday
        (5, 1),  # Fri
        (5, 11),  # 9 May is a Saturday: observed on Monday
        (6, 12),  # Fri
        (11, 4),  # Wed
        (12, 31),  # transferred from Sun 4 January
    ),
}

# Saturdays made working by the decree.
WORKING_WEEKENDS = {
    2024: days(2024, (4, 27), (11, 2), (12, 28)),
    2025: days(2025, (11, 1)),
    2026: [],
}

OFFICIAL_MONTHS = {
    2024: [17, 20, 20, 21, 20, 19, 23, 22, 21, 23, 21, 21],
    2025: [17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22],
    2026: [15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22],
}
OFFICIAL_YEARS = {2024: 248, 2025: 247, 2026: 247}

# Fixed non-working holidays (art. 112 of the Labour Code), whatever the weekday.
FIXED_HOLIDAYS = [(1, d) for d in range(1, 9)] + [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]

YEARS = (2024, 2025, 2026)


def last_day_of_month(year: int, month: int) -> dt.date:
    return (D(year + 1, 1, 1) if month == 12 else D(year, month + 1, 1)) - dt.timedelta(days=1)


# --- the national calendar, day by day ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_working_days_per_year_match_the_decree(year):
    assert NATIONAL.working_days_in_year(year) == OFFICIAL_YEARS[year]
    length = (D(year + 1, 1, 1) - D(year, 1, 1)).days
    working = sum(national_is_working_day(D(year, 1, 1) + dt.timedelta(days=i)) for i in range(length))
    assert working == OFFICIAL_YEARS[year]


@pytest.mark.parametrize(("year", "month"), [(y, m) for y in YEARS for m in range(1, 13)])
def test_working_days_per_month_match_the_decree(year, month):
    previous_month_end = D(year, month, 1) - dt.timedelta(days=1)
    counted = NATIONAL.working_days_between(previous_month_end, last_day_of_month(year, month))
    assert counted == OFFICIAL_MONTHS[year][month - 1], f"{month:02d}.{year}"


@pytest.mark.parametrize("year", YEARS)
def test_monthly_counts_add_up_to_the_year(year):
    assert sum(OFFICIAL_MONTHS[year]) == OFFICIAL_YEARS[year]


@pytest.mark.parametrize("year", YEARS)
def test_every_day_of_the_year_matches_the_decree(year):
    """The whole year: working = Mon-Fri not in the list of days off, or a Saturday made working."""
    off, working_weekends = set(WEEKDAYS_OFF[year]), set(WORKING_WEEKENDS[year])
    assert all(d.weekday() < 5 for d in off)
    assert all(d.weekday() >= 5 for d in working_weekends)
    day, mismatches = D(year, 1, 1), []
    while day.year == year:
        expected = day in working_weekends or (day.weekday() < 5 and day not in off)
        if national_is_working_day(day) != expected or NATIONAL.is_working_day(day) != expected:
            mismatches.append((day.isoformat(), expected))
        day += dt.timedelta(days=1)
    assert mismatches == []


@pytest.mark.parametrize("day", [d for y in YEARS for d in WEEKDAYS_OFF[y]], ids=str)
def test_weekday_days_off_are_not_working(day):
    assert not national_is_working_day(day)
    assert day.weekday() < 5


@pytest.mark.parametrize("day", [d for y in YEARS for d in WORKING_WEEKENDS[y]], ids=str)
def test_working_saturdays_are_working(day):
    assert day.weekday() == 5
    assert national_is_working_day(day)


@pytest.mark.parametrize("day", [D(y, m, d) for y in YEARS for m, d in FIXED_HOLIDAYS], ids=str)
def test_fixed_holidays_are_never_working(day):
    assert not national_is_working_day(day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # transfers that make a weekday a day off
        (D(2024, 4, 29), False),
        (D(2024, 4, 30), False),
        (D(2024, 5, 10), False),
        (D(2024, 12, 30), False),
        (D(2024, 12, 31), False),
        (D(2025, 5, 2), False),
        (D(2025, 5, 8), False),
        (D(2025, 6, 13), False),
        (D(2025, 11, 3), False),
        (D(2025, 12, 31), False),
        (D(2026, 1, 9), False),
        (D(2026, 12, 31), False),
        # weekday "observed" days off (holiday on a weekend, moved by the Labour Code)
        (D(2026, 3, 9), False),
        (D(2026, 5, 11), False),
        # the days around them stay working
        (D(2024, 5, 2), True),
        (D(2024, 5, 3), True),
        (D(2024, 12, 27), True),
        (D(2025, 5, 5), True),
        (D(2025, 5, 7), True),
        (D(2025, 12, 30), True),
        (D(2025, 2, 24), True),
        (D(2025, 3, 10), True),
        (D(2025, 11, 5), True),
        (D(2026, 1, 12), True),
        (D(2026, 3, 10), True),
        (D(2026, 5, 12), True),
        (D(2026, 12, 30), True),
        (D(2026, 1, 10), False),
        (D(2026, 1, 11), False),  # the weekend closing the New Year break
        # Saturdays that are not made working
        (D(2024, 5, 4), False),
        (D(2025, 11, 8), False),
        (D(2026, 10, 31), False),
    ],
    ids=lambda v: str(v),
)
def test_pinned_days(day, working):
    assert national_is_working_day(day) is working


@pytest.mark.parametrize("year", YEARS)
def test_new_year_break(year):
    """1-8 January are days off in every year; the first working day of the year follows the break."""
    assert not any(national_is_working_day(D(year, 1, d)) for d in range(1, 9))
    first_working = {2024: D(2024, 1, 9), 2025: D(2025, 1, 9), 2026: D(2026, 1, 12)}[year]
    assert NATIONAL.next_working_day(D(year, 1, 1)) == first_working


# --- next / previous working day -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "following", "preceding"),
    [
        (D(2026, 1, 1), D(2026, 1, 12), D(2025, 12, 30)),
        (D(2026, 1, 12), D(2026, 1, 12), D(2026, 1, 12)),
        (D(2024, 4, 27), D(2024, 4, 27), D(2024, 4, 27)),  # a working Saturday is itself
        (D(2024, 4, 28), D(2024, 5, 2), D(2024, 4, 27)),
        (D(2025, 5, 8), D(2025, 5, 12), D(2025, 5, 7)),
        (D(2026, 3, 8), D(2026, 3, 10), D(2026, 3, 6)),
        (D(2024, 12, 29), D(2025, 1, 9), D(2024, 12, 28)),
    ],
    ids=str,
)
def test_next_and_previous_working_day(day, following, preceding):
    assert NATIONAL.next_working_day(day) == following
    assert NATIONAL.previous_working_day(day) == preceding


# --- terms in working days -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "end"),
    [
        # across the New Year 2025/2026: 29.12 (1), 30.12 (2), 31.12-11.01 off, 12.01 (3)
        (D(2025, 12, 26), 0, D(2025, 12, 26)),
        (D(2025, 12, 26), 1, D(2025, 12, 29)),
        (D(2025, 12, 26), 2, D(2025, 12, 30)),
        (D(2025, 12, 26), 3, D(2026, 1, 12)),
        (D(2025, 12, 26), 4, D(2026, 1, 13)),
        (D(2025, 12, 26), 10, D(2026, 1, 21)),
        (D(2025, 12, 30), 1, D(2026, 1, 12)),
        (D(2026, 1, 1), 1, D(2026, 1, 12)),  # a term registered on a holiday runs from the next working day
        (D(2026, 1, 1), 0, D(2026, 1, 1)),  # zero days: the start itself, even on a holiday
        # across the New Year 2024/2025 over the working Saturday 28.12.2024
        (D(2024, 12, 27), 1, D(2024, 12, 28)),
        (D(2024, 12, 27), 2, D(2025, 1, 9)),
        # May 2024: working Saturday 27.04, then 28.04-01.05 off, 09-12.05 off
        (D(2024, 4, 26), 1, D(2024, 4, 27)),
        (D(2024, 4, 26), 2, D(2024, 5, 2)),
        (D(2024, 4, 26), 3, D(2024, 5, 3)),
        (D(2024, 4, 26), 4, D(2024, 5, 6)),  # 04.05.2024 is an ordinary Saturday
        (D(2024, 5, 8), 1, D(2024, 5, 13)),
        # May 2025: 01-04.05 and 08-11.05 off
        (D(2025, 4, 30), 1, D(2025, 5, 5)),
        (D(2025, 4, 30), 5, D(2025, 5, 13)),
        (D(2025, 5, 7), 1, D(2025, 5, 12)),
        # May 2026: 01-03.05 and 09-11.05 off
        (D(2026, 4, 30), 1, D(2026, 5, 4)),
        (D(2026, 5, 8), 1, D(2026, 5, 12)),
        (D(2026, 4, 30), 6, D(2026, 5, 12)),
        # November: working Saturday 02.11.2024 / 01.11.2025, then the Unity Day break
        (D(2024, 11, 1), 1, D(2024, 11, 2)),
        (D(2024, 11, 1), 2, D(2024, 11, 5)),
        (D(2025, 10, 31), 1, D(2025, 11, 1)),
        (D(2025, 10, 31), 2, D(2025, 11, 5)),
        # other breaks
        (D(2025, 6, 11), 1, D(2025, 6, 16)),
        (D(2026, 2, 20), 1, D(2026, 2, 24)),
        (D(2026, 3, 6), 1, D(2026, 3, 10)),
        # a whole year: 247 working days of 2026 from 31.12.2025 end on its last working day
        (D(2025, 12, 31), 247, D(2026, 12, 30)),
    ],
    ids=str,
)
def test_add_working_days(start, count, end):
    assert NATIONAL.add_working_days(start, count) == end


# --- terms in calendar days ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "preceding", "following"),
    [
        # 02.12.2025 + 30 = 01.01.2026 (holiday); 31.12.2025 is a transferred day off
        (D(2025, 12, 2), 30, D(2025, 12, 30), D(2026, 1, 12)),
        (D(2025, 12, 1), 30, D(2025, 12, 30), D(2026, 1, 12)),  # ends on 31.12.2025 itself
        # 05.02.2026 + 30 = 07.03.2026 (Sat); 08.03 Sun, 09.03 observed day off
        (D(2026, 2, 5), 30, D(2026, 3, 6), D(2026, 3, 10)),
        # 08.04.2025 + 30 = 08.05.2025 (transferred day off)
        (D(2025, 4, 8), 30, D(2025, 5, 7), D(2025, 5, 12)),
        # 03.10.2024 + 30 = 02.11.2024, a working Saturday: stays with both policies
        (D(2024, 10, 3), 30, D(2024, 11, 2), D(2024, 11, 2)),
        # 10.03.2026 + 30 = 09.04.2026, an ordinary Thursday
        (D(2026, 3, 10), 30, D(2026, 4, 9), D(2026, 4, 9)),
        # 12.04.2026 + 30 = 12.05.2026: just after the observed Victory Day
        (D(2026, 4, 12), 30, D(2026, 5, 12), D(2026, 5, 12)),
        # 11.04.2026 + 30 = 11.05.2026, observed Victory Day
        (D(2026, 4, 11), 30, D(2026, 5, 8), D(2026, 5, 12)),
        # zero days on a working day: the start itself
        (D(2026, 3, 10), 0, D(2026, 3, 10), D(2026, 3, 10)),
    ],
    ids=str,
)
def test_add_calendar_days_with_both_policies(start, count, preceding, following):
    assert NATIONAL.add_calendar_days(start, count, TermEndPolicy.PRECEDING) == preceding
    assert NATIONAL.add_calendar_days(start, count, TermEndPolicy.NEXT) == following
    assert NATIONAL.add_calendar_days(start, count, "preceding") == preceding  # the stored string works too
    assert NATIONAL.add_calendar_days(start, count, "next") == following


def test_add_calendar_days_defaults_to_the_preceding_working_day():
    assert NATIONAL.add_calendar_days(D(2025, 12, 2), 30) == D(2025, 12, 30)


def test_add_calendar_days_refuses_an_unknown_policy():
    with pytest.raises(ValueError, match="unknown term end policy"):
        NATIONAL.add_calendar_days(D(2026, 3, 10), 30, "sideways")


@pytest.mark.parametrize("method", ["add_working_days", "add_calendar_days"])
def test_negative_counts_are_refused(method):
    with pytest.raises(ValueError, match="must not be negative"):
        getattr(NATIONAL, method)(D(2026, 3, 10), -1)


# --- counting working days -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2025, 12, 26), D(2026, 1, 12), 3),
        (D(2026, 1, 12), D(2025, 12, 26), -3),
        (D(2026, 3, 10), D(2026, 3, 10), 0),
        (D(2025, 12, 31), D(2026, 1, 11), 0),  # the whole New Year break 2026
        (D(2024, 4, 26), D(2024, 4, 27), 1),  # the working Saturday counts
        (D(2024, 4, 27), D(2024, 5, 1), 0),
        (D(2025, 12, 31), D(2026, 3, 31), 15 + 19 + 21),  # the first quarter of 2026
        (D(2023, 12, 31), D(2026, 12, 31), 248 + 247 + 247),
        (D(2025, 4, 30), D(2025, 5, 12), 4),  # 05, 06, 07 and 12 May; 30.04 itself is not counted
    ],
    ids=str,
)
def test_working_days_between(start, end, count):
    assert NATIONAL.working_days_between(start, end) == count


# --- corrections ---------------------------------------------------------------------------------------------------


def test_a_regional_day_off_on_a_weekday_moves_terms():
    radonitsa = D(2026, 4, 21)  # Tuesday: a region's own day off
    calendar = WorkCalendar({radonitsa: False})
    assert NATIONAL.is_working_day(radonitsa) and not calendar.is_working_day(radonitsa)
    assert NATIONAL.add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 21)
    assert calendar.add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 22)
    assert calendar.working_days_in_year(2026) == 246
    assert calendar.working_days_between(D(2026, 3, 31), D(2026, 4, 30)) == 21
    # 22.03.2026 + 30 = 21.04.2026: now a day off
    assert calendar.add_calendar_days(D(2026, 3, 22), 30, TermEndPolicy.PRECEDING) == D(2026, 4, 20)
    assert calendar.add_calendar_days(D(2026, 3, 22), 30, TermEndPolicy.NEXT) == D(2026, 4, 22)
    assert NATIONAL.add_calendar_days(D(2026, 3, 22), 30, TermEndPolicy.NEXT) == D(2026, 4, 21)
    assert calendar.next_working_day(radonitsa) == D(2026, 4, 22)
    assert calendar.previous_working_day(radonitsa) == D(2026, 4, 20)


def test_a_sunday_made_working_shortens_terms():
    sunday = D(2026, 1, 11)
    calendar = WorkCalendar({sunday: True})
    assert calendar.is_working_day(sunday)
    assert calendar.add_working_days(D(2025, 12, 26), 3) == D(2026, 1, 11)
    assert calendar.add_working_days(D(2025, 12, 30), 1) == D(2026, 1, 11)
    # 12.12.2025 + 30 = 11.01.2026: working now, so the term ends there with either policy
    assert calendar.add_calendar_days(D(2025, 12, 12), 30, TermEndPolicy.PRECEDING) == D(2026, 1, 11)
    assert calendar.add_calendar_days(D(2025, 12, 12), 30, TermEndPolicy.NEXT) == D(2026, 1, 11)
    assert NATIONAL.add_calendar_days(D(2025, 12, 12), 30, TermEndPolicy.PRECEDING) == D(2025, 12, 30)
    assert calendar.working_days_in_year(2026) == 248
    assert calendar.working_days_between(D(2025, 12, 31), D(2026, 1, 31)) == 16


def test_a_correction_can_cancel_a_national_day_off():
    calendar = WorkCalendar({D(2026, 1, 9): True})
    assert calendar.add_working_days(D(2025, 12, 30), 1) == D(2026, 1, 9)
    assert calendar.next_working_day(D(2026, 1, 1)) == D(2026, 1, 9)
    assert calendar.working_days_in_year(2026) == 248


def test_a_correction_equal_to_the_national_status_changes_nothing():
    calendar = WorkCalendar({D(2026, 1, 9): False, D(2026, 3, 10): True})
    assert calendar.working_days_in_year(2026) == 247
    assert calendar.add_working_days(D(2025, 12, 26), 3) == D(2026, 1, 12)


def test_corrections_do_not_leak_between_calendars():
    WorkCalendar({D(2026, 4, 21): False})
    assert WorkCalendar().is_working_day(D(2026, 4, 21))
    assert NATIONAL.working_days_in_year(2026) == 247


# --- the local day -------------------------------------------------------------------------------------------------

MOSCOW = ZoneInfo("Europe/Moscow")
VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
KALININGRAD = ZoneInfo("Europe/Kaliningrad")


@pytest.mark.parametrize(
    ("moment", "zone", "day"),
    [
        (dt.datetime(2026, 1, 11, 15, 30, tzinfo=dt.UTC), MOSCOW, D(2026, 1, 11)),  # 18:30 MSK
        (dt.datetime(2026, 1, 11, 15, 30, tzinfo=dt.UTC), VLADIVOSTOK, D(2026, 1, 12)),  # 01:30 VLAT
        (dt.datetime(2026, 1, 11, 13, 59, tzinfo=dt.UTC), VLADIVOSTOK, D(2026, 1, 11)),  # 23:59 VLAT
        (dt.datetime(2026, 1, 11, 21, 0, tzinfo=dt.UTC), MOSCOW, D(2026, 1, 12)),  # 00:00 MSK
        (dt.datetime(2026, 1, 11, 21, 0, tzinfo=dt.UTC), KALININGRAD, D(2026, 1, 11)),  # 23:00 in Kaliningrad
        (dt.datetime(2025, 12, 31, 15, 0, tzinfo=dt.UTC), VLADIVOSTOK, D(2026, 1, 1)),
        (dt.datetime(2026, 1, 12, 0, 30, tzinfo=VLADIVOSTOK), MOSCOW, D(2026, 1, 11)),  # 17:30 MSK the day before
    ],
    ids=str,
)
def test_local_date(moment, zone, day):
    assert local_date(moment, zone) == day


def test_the_local_day_decides_which_working_day_a_term_starts_from():
    moment = dt.datetime(2026, 1, 11, 15, 30, tzinfo=dt.UTC)  # Sunday in Moscow, Monday in Vladivostok
    assert NATIONAL.add_working_days(local_date(moment, MOSCOW), 1) == D(2026, 1, 12)
    assert NATIONAL.add_working_days(local_date(moment, VLADIVOSTOK), 1) == D(2026, 1, 13)


def test_local_date_refuses_a_naive_moment():
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(dt.datetime(2026, 1, 11, 15, 30), MOSCOW)  # noqa: DTZ001


def test_a_short_term_inside_the_new_year_holidays_does_not_end_before_it_starts():
    # 03.01.2026 + 1 day = 04.01.2026, a holiday; the preceding working day (30.12.2025) is before the start,
    # so the term moves forward to the first working day, 12.01.2026.
    assert NATIONAL.add_calendar_days(D(2026, 1, 3), 1, TermEndPolicy.PRECEDING) == D(2026, 1, 12)
    assert NATIONAL.add_calendar_days(D(2026, 1, 1), 5, TermEndPolicy.PRECEDING) == D(2026, 1, 12)
