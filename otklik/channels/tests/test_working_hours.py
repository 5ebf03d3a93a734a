"""Working-time arithmetic on real 2026 dates: weekends, holidays, transfers, shortened days, breaks, time zones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from otklik.calendars.workdays import WorkCalendar
from otklik.channels.working_hours import DayHours, WeeklyHours, WorkingTime, public_holidays

MOSCOW = ZoneInfo("Europe/Moscow")
YEKATERINBURG = ZoneInfo("Asia/Yekaterinburg")  # Sverdlovsk, +05:00
VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")  # Khabarovsk, +10:00
NATIONAL = WorkCalendar()
STANDARD = WorkingTime(NATIONAL, WeeklyHours.standard(), MOSCOW)


def at(text: str) -> dt.datetime:
    """An aware moment from ISO 8601 with its offset; without one it is Moscow time."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=MOSCOW)


@pytest.mark.parametrize(
    ("received", "minutes", "due"),
    [
        # an ordinary Monday, the 13:00–14:00 break skipped
        ("2026-03-02T10:00", 120, "2026-03-02T12:00:00+03:00"),
        ("2026-03-02T12:00", 120, "2026-03-02T15:00:00+03:00"),
        ("2026-03-02T13:30", 120, "2026-03-02T16:00:00+03:00"),  # received during the break
        ("2026-03-02T11:00", 120, "2026-03-02T13:00:00+03:00"),  # runs out where the break starts
        ("2026-03-02T07:00", 120, "2026-03-02T11:00:00+03:00"),  # received before the day starts
        ("2026-03-02T18:30", 120, "2026-03-03T11:00:00+03:00"),  # received after the day ends
        ("2026-03-02T16:00", 240, "2026-03-03T11:00:00+03:00"),
        # weekends
        ("2026-02-27T17:00", 120, "2026-03-02T10:00:00+03:00"),  # Friday evening -> Monday
        ("2026-02-28T12:00", 120, "2026-03-02T11:00:00+03:00"),  # received on a Saturday
        # a Friday before a Monday holiday is a full day (Defender of the Fatherland Day, 23.02.2026)
        ("2026-02-20T17:00", 60, "2026-02-20T18:00:00+03:00"),
        ("2026-02-20T17:00", 120, "2026-02-24T10:00:00+03:00"),
        # the New Year holidays through 11.01.2026, with 09.01 a day off transferred from 03.01
        ("2025-12-30T17:30", 120, "2026-01-12T10:30:00+03:00"),  # 31.12.2025 is a day off too
        ("2026-01-05T10:00", 120, "2026-01-12T11:00:00+03:00"),  # received on a holiday
        ("2026-01-09T10:00", 60, "2026-01-12T10:00:00+03:00"),  # received on the transferred day off
        ("2026-01-11T23:59", 1, "2026-01-12T09:01:00+03:00"),
        # 31.12.2026 is a day off (transferred from 04.01.2026); 30.12 precedes a day off, not a holiday: full day
        ("2026-12-30T17:00", 60, "2026-12-30T18:00:00+03:00"),
        ("2026-12-30T17:00", 120, "2027-01-11T10:00:00+03:00"),
        # pre-holiday days end an hour early (Labour Code art. 95)
        ("2026-11-03T16:00", 60, "2026-11-03T17:00:00+03:00"),  # before Unity Day 04.11.2026
        ("2026-11-03T16:00", 120, "2026-11-05T10:00:00+03:00"),
        ("2026-11-03T17:00", 60, "2026-11-05T10:00:00+03:00"),  # 17:00 is already after hours
        ("2026-04-30T16:30", 60, "2026-05-04T09:30:00+03:00"),  # before 01.05, then the weekend
        ("2026-05-08T16:00", 120, "2026-05-12T10:00:00+03:00"),  # before 09.05 (Sat); 11.05 is observed
        ("2026-06-11T17:00", 60, "2026-06-15T10:00:00+03:00"),  # before Russia Day 12.06 (Fri)
        # nothing to add: the moment itself
        ("2026-03-01T12:00", 0, "2026-03-01T12:00:00+03:00"),
    ],
)
def test_add_working_minutes_in_moscow(received, minutes, due):
    result = STANDARD.add_working_minutes(at(received), minutes)
    assert result.isoformat() == due
    assert STANDARD.working_minutes_between(at(received), result) == minutes


@pytest.mark.parametrize(
    ("tz", "received", "minutes", "due"),
    [
        # Sverdlovsk: the body's own 09:00 is 07:00 in Moscow; the answer is given in the body's offset
        (YEKATERINBURG, "2026-03-02T10:00:00+05:00", 120, "2026-03-02T12:00:00+05:00"),
        (YEKATERINBURG, "2026-03-02T10:00:00+03:00", 120, "2026-03-02T15:00:00+05:00"),  # 12:00 local
        (YEKATERINBURG, "2026-03-02T05:00:00+00:00", 240, "2026-03-02T15:00:00+05:00"),  # 10:00 local
        (YEKATERINBURG, "2026-11-03T15:30:00+05:00", 240, "2026-11-05T11:30:00+05:00"),
        # Khabarovsk: a Sunday evening in UTC is already Monday morning there
        (VLADIVOSTOK, "2026-03-01T23:30:00+00:00", 120, "2026-03-02T11:30:00+10:00"),
        (VLADIVOSTOK, "2026-03-02T09:00:00+03:00", 180, "2026-03-03T10:00:00+10:00"),  # 16:00 local, 2 h left
        (VLADIVOSTOK, "2025-12-31T06:00:00+00:00", 30, "2026-01-12T09:30:00+10:00"),  # 31.12 16:00 local, off
    ],
)
def test_add_working_minutes_in_the_bodys_time_zone(tz, received, minutes, due):
    working = WorkingTime(NATIONAL, WeeklyHours.standard(), tz)
    result = working.add_working_minutes(at(received), minutes)
    assert result.isoformat() == due
    assert result.utcoffset() == dt.datetime.fromisoformat(due).utcoffset()


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        ("2026-03-02T08:59:59", False),
        ("2026-03-02T09:00", True),
        ("2026-03-02T12:59", True),
        ("2026-03-02T13:00", False),  # the break
        ("2026-03-02T13:59", False),
        ("2026-03-02T14:00", True),
        ("2026-03-02T17:59", True),
        ("2026-03-02T18:00", False),
        ("2026-02-28T12:00", False),  # Saturday
        ("2026-01-09T12:00", False),  # transferred day off
        ("2026-12-31T12:00", False),  # transferred day off
        ("2026-11-03T16:59", True),
        ("2026-11-03T17:00", False),  # shortened pre-holiday day
        ("2026-11-04T12:00", False),  # Unity Day
        ("2026-03-02T07:30:00+00:00", True),  # 10:30 in Moscow
    ],
)
def test_is_working(moment, working):
    assert STANDARD.is_working(at(moment)) is working


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("2026-03-02T00:00", "2026-03-03T00:00", 480),  # a full day: 8 hours without the break
        ("2026-11-03T00:00", "2026-11-04T00:00", 420),  # the shortened day
        ("2026-02-27T17:00", "2026-03-02T10:00", 120),
        ("2026-03-02T13:10", "2026-03-02T13:50", 0),  # inside the break
        ("2026-03-02T10:00:30", "2026-03-02T10:01:29", 0),  # whole minutes only
        ("2025-12-29T00:00", "2026-01-12T00:00", 960),  # 29 and 30.12.2025, then the holidays
        ("2026-03-02T12:00", "2026-03-02T10:00", -120),  # backwards
        ("2026-03-02T00:00", "2026-03-09T00:00", 5 * 480),  # a week
        ("2026-03-01T00:00", "2026-04-01T00:00", 21 * 480),  # March 2026: 21 working days
    ],
)
def test_working_minutes_between(start, end, minutes):
    assert STANDARD.working_minutes_between(at(start), at(end)) == minutes


def test_around_the_clock_counts_every_minute_even_on_holidays():
    always = WorkingTime(NATIONAL, WeeklyHours.always(), YEKATERINBURG)
    received = at("2026-01-03T23:10:00+05:00")
    assert always.is_working(received)
    assert always.add_working_minutes(received, 120).isoformat() == "2026-01-04T01:10:00+05:00"
    assert always.working_minutes_between(received, at("2026-01-04T23:10:00+05:00")) == 24 * 60


def test_a_channel_open_every_day_works_weekends_but_rests_on_holidays():
    daily = DayHours(dt.time(8), dt.time(20))
    working = WorkingTime(NATIONAL, WeeklyHours(days=(daily,) * 7), MOSCOW)
    assert working.add_working_minutes(at("2026-02-28T19:00"), 120).isoformat() == "2026-03-01T09:00:00+03:00"
    # 12.06.2026 (Fri) is Russia Day; 11.06 is shortened to 19:00; Saturday 13.06 is worked
    assert working.add_working_minutes(at("2026-06-11T18:30"), 60).isoformat() == "2026-06-13T08:30:00+03:00"
    # 09.05.2026 is Victory Day on a Saturday, 03.01.2026 a New Year holiday on a Saturday: not worked
    assert not working.is_working(at("2026-05-09T12:00"))
    assert not working.is_working(at("2026-01-03T12:00"))
    assert working.is_working(at("2026-05-10T12:00"))  # an ordinary Sunday
    # Sunday 22.02.2026 precedes Defender of the Fatherland Day (Mon 23.02): shortened for a channel open on Sundays
    assert working.working_minutes_between(at("2026-02-22T00:00"), at("2026-02-23T00:00")) == 11 * 60


def test_a_working_saturday_takes_the_weekday_hours():
    # 20.02.2027 is a working Saturday (the day off moved to Monday 22.02.2027)
    assert STANDARD.working_minutes_between(at("2027-02-20T00:00"), at("2027-02-21T00:00")) == 480
    assert STANDARD.add_working_minutes(at("2027-02-19T17:00"), 120).isoformat() == "2027-02-20T10:00:00+03:00"


def test_the_hour_comes_off_the_working_time_at_the_end_of_the_day():
    # the afternoon part is only 30 minutes: the other 30 come off the morning
    late_break = DayHours(dt.time(9), dt.time(18), dt.time(13), dt.time(17, 30))
    working = WorkingTime(NATIONAL, WeeklyHours(days=(late_break,) * 5 + (None, None)), MOSCOW)
    assert working.working_minutes_between(at("2026-11-03T00:00"), at("2026-11-04T00:00")) == 4 * 60 + 30 - 60
    assert working.is_working(at("2026-11-03T12:29"))
    assert not working.is_working(at("2026-11-03T12:30"))
    assert not working.is_working(at("2026-11-03T17:45"))


def test_the_bodys_calendar_corrections_decide_the_days():
    # a regional day off on Monday 02.03.2026, and a working Saturday 07.03 (before the 08.03 Sunday holiday:
    # the day before a holiday is shortened only when the holiday itself is a day off)
    calendar = WorkCalendar({dt.date(2026, 3, 2): False, dt.date(2026, 3, 7): True})
    working = WorkingTime(calendar, WeeklyHours.standard(), MOSCOW)
    assert working.add_working_minutes(at("2026-02-27T17:00"), 120).isoformat() == "2026-03-03T10:00:00+03:00"
    assert working.working_minutes_between(at("2026-03-07T00:00"), at("2026-03-08T00:00")) == 420
    # a holiday made working by a correction does not shorten the day before it
    calendar = WorkCalendar({dt.date(2026, 11, 4): True})
    working = WorkingTime(calendar, WeeklyHours.standard(), MOSCOW)
    assert working.working_minutes_between(at("2026-11-03T00:00"), at("2026-11-04T00:00")) == 480


def test_the_public_holidays_are_those_of_labour_code_article_112():
    days = public_holidays(2026)
    assert dt.date(2026, 11, 4) in days and dt.date(2026, 5, 9) in days and dt.date(2026, 1, 8) in days
    assert dt.date(2026, 1, 9) not in days  # a transferred day off
    assert dt.date(2026, 12, 31) not in days  # a transferred day off
    assert dt.date(2026, 5, 11) not in days  # observed Victory Day
    assert len(days) == 14


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        STANDARD.add_working_minutes(dt.datetime(2026, 3, 2, 10), 10)  # noqa: DTZ001
    with pytest.raises(ValueError, match="negative"):
        STANDARD.add_working_minutes(at("2026-03-02T10:00"), -1)
    with pytest.raises(ValueError, match="at least one working day"):
        WorkingTime(NATIONAL, WeeklyHours(days=(None,) * 7), MOSCOW)
    with pytest.raises(ValueError, match="seven days"):
        WeeklyHours(days=(None,) * 6)
