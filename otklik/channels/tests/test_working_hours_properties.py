"""Properties of working-time arithmetic for any moment, any schedule, any time zone and any number of minutes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from otklik.calendars.workdays import WorkCalendar
from otklik.channels.working_hours import DayHours, WeeklyHours, WorkingTime

ZONES = [ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Yekaterinburg"), ZoneInfo("Asia/Vladivostok")]
EPSILON = dt.timedelta(microseconds=1)

moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001  (hypothesis bounds are naive; the zone comes below)
    max_value=dt.datetime(2027, 12, 1),  # noqa: DTZ001
    timezones=st.sampled_from(ZONES),
)
minutes = st.integers(min_value=0, max_value=5000)
positive_minutes = st.integers(min_value=1, max_value=5000)


def _time(minute: int) -> dt.time:
    return dt.time(minute // 60, minute % 60)


@st.composite
def day_hours(draw: st.DrawFn) -> DayHours | None:
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        return None
    with_break = draw(st.booleans())
    marks = sorted(
        draw(st.sets(st.integers(min_value=0, max_value=23 * 60 + 59), min_size=4 if with_break else 2, max_size=4))
    )
    if with_break and len(marks) == 4:
        return DayHours(_time(marks[0]), _time(marks[3]), _time(marks[1]), _time(marks[2]))
    return DayHours(_time(marks[0]), _time(marks[-1]))


@st.composite
def weekly_hours(draw: st.DrawFn) -> WeeklyHours:
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return WeeklyHours.always()
    if draw(st.booleans()):
        return WeeklyHours.standard()
    days = tuple(draw(day_hours()) for _ in range(7))
    if all(day is None for day in days[:5]):
        days = (DayHours(dt.time(9), dt.time(18)), *days[1:])
    return WeeklyHours(days=days)


calendars = st.one_of(
    st.just(WorkCalendar()),
    st.dictionaries(
        st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31)), st.booleans(), max_size=10
    ).map(WorkCalendar),
)
workings = st.builds(WorkingTime, calendars, weekly_hours(), st.sampled_from(ZONES))
examples = settings(max_examples=300, deadline=None)


@examples
@given(workings, moments, minutes)
def test_the_minutes_added_are_the_minutes_counted(working, start, count):
    due = working.add_working_minutes(start, count)
    assert working.working_minutes_between(start, due) == count
    assert due >= start
    assert due.tzinfo == working.tz


@examples
@given(workings, moments, positive_minutes)
def test_the_due_moment_is_working_time_or_the_end_of_a_working_interval(working, start, count):
    due = working.add_working_minutes(start, count)
    assert working.is_working(due) or (working.is_working(due - EPSILON) and not working.is_working(due))
    assert working.is_working(due - EPSILON)  # the last minute counted was working time


@examples
@given(workings, moments, minutes, minutes)
def test_more_minutes_never_end_earlier_and_adding_in_steps_is_the_same(working, start, first, second):
    once = working.add_working_minutes(start, first + second)
    assert working.add_working_minutes(start, first) <= once
    assert working.add_working_minutes(working.add_working_minutes(start, first), second) == once


@examples
@given(workings, moments, moments)
def test_counting_backwards_is_the_negative(working, start, end):
    assert working.working_minutes_between(start, end) == -working.working_minutes_between(end, start)
