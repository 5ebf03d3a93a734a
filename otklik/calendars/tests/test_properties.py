"""Properties of working-day arithmetic that must hold for any start date and any term length."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otklik.calendars.workdays import WorkCalendar
from otklik.orgs.choices import TermEndPolicy

ONE_DAY = dt.timedelta(days=1)
NATIONAL = WorkCalendar()
# The longest run of non-working days in the national calendar is the New Year break (31.12.2025-11.01.2026: 12 days).
LONGEST_BREAK = 15

dates = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31))
counts = st.integers(min_value=0, max_value=400)
positive_counts = st.integers(min_value=1, max_value=400)
policies = st.sampled_from([TermEndPolicy.PRECEDING, TermEndPolicy.NEXT])
# An organisation's calendar: the national one with a few days flipped either way.
calendars = st.one_of(
    st.just(NATIONAL),
    st.dictionaries(dates, st.booleans(), max_size=12).map(WorkCalendar),
)

moderate = settings(max_examples=200, deadline=None)


@moderate
@given(calendar=calendars, start=dates, n=positive_counts)
def test_a_term_in_working_days_ends_on_the_nth_working_day_after_the_start(calendar, start, n):
    end = calendar.add_working_days(start, n)
    assert end > start
    assert calendar.is_working_day(end)
    assert calendar.working_days_between(start, end) == n
    assert calendar.working_days_between(start, end - ONE_DAY) == n - 1  # not a day later than needed


@moderate
@given(calendar=calendars, start=dates)
def test_zero_working_days_is_the_start_itself(calendar, start):
    assert calendar.add_working_days(start, 0) == start
    assert calendar.add_calendar_days(start, 0, TermEndPolicy.NEXT) == calendar.next_working_day(start)


@moderate
@given(calendar=calendars, start=dates, a=counts, b=counts)
def test_add_working_days_is_strictly_monotone_in_the_count(calendar, start, a, b):
    low, high = sorted((a, b))
    assert calendar.add_working_days(start, low) <= calendar.add_working_days(start, high)
    if low < high:
        assert calendar.add_working_days(start, low) < calendar.add_working_days(start, high)


@moderate
@given(calendar=calendars, start=dates, n=counts, policy=policies)
def test_a_term_in_calendar_days_ends_on_a_working_day(calendar, start, n, policy):
    end = calendar.add_calendar_days(start, n, policy)
    nominal = start + dt.timedelta(days=n)
    assert calendar.is_working_day(end)
    if calendar.is_working_day(nominal):
        assert end == nominal
    else:
        assert end != nominal
    if n > 0:
        assert end > start  # a term never ends before, or on, the day it starts
    if policy == TermEndPolicy.PRECEDING and (calendar.previous_working_day(nominal) > start or n == 0):
        assert end <= nominal
        assert calendar.working_days_between(end, nominal) == 0  # no working day skipped
    else:
        assert end >= nominal
        assert calendar.working_days_between(nominal - ONE_DAY, end) == 1  # the first working day on or after


@moderate
@given(start=dates, n=counts)
def test_national_calendar_moves_a_term_by_less_than_the_longest_break(start, n):
    nominal = start + dt.timedelta(days=n)
    preceding = NATIONAL.add_calendar_days(start, n, TermEndPolicy.PRECEDING)
    following = NATIONAL.add_calendar_days(start, n, TermEndPolicy.NEXT)
    assert nominal - dt.timedelta(days=LONGEST_BREAK) < preceding <= following
    assert following >= nominal
    if NATIONAL.previous_working_day(nominal) > start or n == 0:
        assert preceding <= nominal
    assert following < nominal + dt.timedelta(days=LONGEST_BREAK)
    assert NATIONAL.add_calendar_days(start, n) == preceding  # "preceding" is the default


@moderate
@given(calendar=calendars, a=dates, b=dates)
def test_working_days_between_is_antisymmetric(calendar, a, b):
    assert calendar.working_days_between(a, b) == -calendar.working_days_between(b, a)
    assert calendar.working_days_between(a, a) == 0


@moderate
@given(calendar=calendars, a=dates, b=dates, c=dates)
def test_working_days_between_is_additive(calendar, a, b, c):
    assert calendar.working_days_between(a, b) + calendar.working_days_between(b, c) == (
        calendar.working_days_between(a, c)
    )


@moderate
@given(calendar=calendars, a=dates, b=dates)
def test_working_days_between_counts_working_days_after_the_start(calendar, a, b):
    low, high = sorted((a, b))
    span = (high - low).days
    expected = sum(calendar.is_working_day(low + dt.timedelta(days=i)) for i in range(1, span + 1))
    assert calendar.working_days_between(low, high) == expected


@moderate
@given(calendar=calendars, day=dates)
def test_next_and_previous_working_day(calendar, day):
    following = calendar.next_working_day(day)
    preceding = calendar.previous_working_day(day)
    assert following >= day and calendar.is_working_day(following)
    assert preceding <= day and calendar.is_working_day(preceding)
    assert calendar.working_days_between(preceding, following) == (0 if preceding == following else 1)
    if calendar.is_working_day(day):
        assert following == preceding == day


@pytest.mark.parametrize("year", range(2023, 2028))
def test_a_year_is_the_sum_of_its_months(year):
    month_ends = [dt.date(year, 1, 1) - ONE_DAY] + [
        (dt.date(year, m + 1, 1) if m < 12 else dt.date(year + 1, 1, 1)) - ONE_DAY for m in range(1, 13)
    ]
    months = [NATIONAL.working_days_between(a, b) for a, b in itertools.pairwise(month_ends)]
    assert sum(months) == NATIONAL.working_days_in_year(year)
    assert 245 <= NATIONAL.working_days_in_year(year) <= 249
