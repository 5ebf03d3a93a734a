"""Working-time arithmetic of the channels room: a weekly schedule on the production calendar (pure, no database).

Social-media response times (SPEC D-1) run in working time: the body's (or the channel's) weekly schedule with
its break, on the production calendar (holidays, transfers, the body's corrections), with the working day
immediately preceding a non-working public holiday one hour shorter (Labour Code art. 95), in the body's time
zone. A schedule marked around the clock counts every minute.

The arithmetic steps from working interval to working interval (never minute by minute) and keeps each day's
intervals once computed, so a sweep over many items costs a few dictionary look-ups per item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays

from otklik.calendars.workdays import WorkCalendar, national_year

UTC = dt.UTC
ONE_DAY = dt.timedelta(days=1)
ONE_MINUTE = dt.timedelta(minutes=1)
PRE_HOLIDAY_SHORTENING = dt.timedelta(hours=1)  # Labour Code art. 95 part 1
# A schedule with no working minute in this many days in a row is a mistake, not a long wait.
MAX_DAYS_WITHOUT_WORK = 800
WEEKDAYS = 7


class DayHours(NamedTuple):
    """One weekday's hours: start and end of the working day, and the break inside it (both or neither)."""

    start: dt.time
    end: dt.time
    break_start: dt.time | None = None
    break_end: dt.time | None = None


def _standard_day() -> DayHours:
    return DayHours(dt.time(9), dt.time(18), dt.time(13), dt.time(14))


@dataclass(frozen=True)
class WeeklyHours:
    """Hours per weekday (0 = Monday … 6 = Sunday; None is a day off), or around the clock."""

    days: tuple[DayHours | None, ...] = field(
        default=(_standard_day(), _standard_day(), _standard_day(), _standard_day(), _standard_day(), None, None)
    )
    around_the_clock: bool = False

    def __post_init__(self) -> None:
        if len(self.days) != WEEKDAYS:
            raise ValueError("a week has seven days")
        # Accept plain tuples for a day and keep them as DayHours.
        days = tuple(None if day is None else DayHours(*day) for day in self.days)
        object.__setattr__(self, "days", days)

    @classmethod
    def standard(cls) -> WeeklyHours:
        """Mon–Fri 09:00–18:00 with a 13:00–14:00 break: the assumed schedule where the acts give none."""
        return cls()

    @classmethod
    def always(cls) -> WeeklyHours:
        """Around the clock, every minute counts (24/7)."""
        return cls(days=(None,) * WEEKDAYS, around_the_clock=True)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[dt.date]:
    """The non-working public holidays of Labour Code art. 112 in a year (not the transferred days off)."""
    calendar = holidays.country_holidays("RU", years=year, language="en_US")
    return frozenset(
        day
        for day, name in calendar.items()
        if not any(part.startswith("Day off") or part.endswith("(observed)") for part in name.split("; "))
    )


Interval = tuple[dt.datetime, dt.datetime]  # [start, end) in UTC


def _day_intervals(day: DayHours, shortened: bool) -> list[tuple[dt.time, dt.time]]:
    if day.break_start is not None and day.break_end is not None:
        parts = [(day.start, day.break_start), (day.break_end, day.end)]
    else:
        parts = [(day.start, day.end)]
    if not shortened:
        return parts
    # The hour comes off the end of the working day (working minutes, so a short last part does not hide it).
    cut = PRE_HOLIDAY_SHORTENING
    kept: list[tuple[dt.time, dt.time]] = []
    for start, end in reversed(parts):
        length = _since_midnight(end) - _since_midnight(start)
        if cut >= length:
            cut -= length
            continue
        if cut:
            end = _time_of(_since_midnight(end) - cut)
            cut = dt.timedelta(0)
        kept.append((start, end))
    return list(reversed(kept))


def _since_midnight(moment: dt.time) -> dt.timedelta:
    return dt.timedelta(hours=moment.hour, minutes=moment.minute, seconds=moment.second)


def _time_of(offset: dt.timedelta) -> dt.time:
    seconds = int(offset.total_seconds())
    return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(UTC)


class WorkingTime:
    """Working time of one schedule on one production calendar in one time zone.

    Aware datetimes in, aware datetimes out in the schedule's time zone. Intervals are half-open: 09:00 is
    working time, 13:00 (the break starts) and 18:00 (the day ends) are not.
    """

    def __init__(self, calendar: WorkCalendar, hours: WeeklyHours, tz: ZoneInfo) -> None:
        self.calendar = calendar
        self.hours = hours
        self.tz = tz
        self._days: dict[dt.date, tuple[Interval, ...]] = {}
        if not hours.around_the_clock and all(day is None for day in hours.days):
            raise ValueError("a schedule needs at least one working day or to be around the clock")

    def day_hours(self, day: dt.date) -> DayHours | None:
        """The hours worked on a calendar day, or None when it is not worked.

        A weekday (Mon–Fri) is worked when the production calendar says so. A weekend day made working by the
        calendar (a transferred working Saturday) takes its own hours or, without them, those of the first
        scheduled weekday. A weekend day with its own hours (a channel open at weekends) is worked unless it is
        a holiday or a day off of the national calendar.
        """
        hours = self.hours.days[day.weekday()]
        if day.weekday() < 5:
            return hours if self.calendar.is_working_day(day) else None
        if self.calendar.is_working_day(day):
            return hours or next((other for other in self.hours.days[:5] if other is not None), None)
        if hours is None or day in national_year(day.year)[0]:
            return None
        return hours

    def is_pre_holiday(self, day: dt.date) -> bool:
        """Whether the next day is a non-working public holiday (Labour Code art. 95: the day before is shorter)."""
        following = day + ONE_DAY
        return following in public_holidays(following.year) and not self.calendar.is_working_day(following)

    def intervals(self, day: dt.date) -> tuple[Interval, ...]:
        """The working intervals of a local calendar day, in UTC, in order (empty on a day off)."""
        held = self._days.get(day)
        if held is not None:
            return held
        hours = self.day_hours(day)
        result: tuple[Interval, ...] = ()
        if hours is not None:
            result = tuple(
                (
                    dt.datetime.combine(day, start, tzinfo=self.tz).astimezone(UTC),
                    dt.datetime.combine(day, end, tzinfo=self.tz).astimezone(UTC),
                )
                for start, end in _day_intervals(hours, self.is_pre_holiday(day))
            )
        self._days[day] = result
        return result

    def _intervals_from(self, moment: dt.datetime) -> Iterator[Interval]:
        """Working intervals ending after `moment` (UTC), clipped to start no earlier than it."""
        day = moment.astimezone(self.tz).date()
        idle_days = 0
        while True:
            found = False
            for start, end in self.intervals(day):
                if end <= moment:
                    continue
                found = True
                yield max(start, moment), end
            idle_days = 0 if found else idle_days + 1
            if idle_days > MAX_DAYS_WITHOUT_WORK:
                raise ValueError("no working time in the schedule for more than two years")
            day += ONE_DAY

    def is_working(self, moment: dt.datetime) -> bool:
        """Whether `moment` falls in working time."""
        utc = _aware(moment)
        if self.hours.around_the_clock:
            return True
        return any(start <= utc < end for start, end in self.intervals(moment.astimezone(self.tz).date()))

    def add_working_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """The moment `minutes` working minutes after `start` (the end of an interval when they run out there)."""
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        utc = _aware(start)
        remaining = dt.timedelta(minutes=minutes)
        if self.hours.around_the_clock or not remaining:
            return (utc + remaining).astimezone(self.tz)
        for interval_start, interval_end in self._intervals_from(utc):
            length = interval_end - interval_start
            if remaining <= length:
                return (interval_start + remaining).astimezone(self.tz)
            remaining -= length
        raise AssertionError("unreachable: _intervals_from never ends")  # pragma: no cover

    def working_minutes_between(self, start: dt.datetime, end: dt.datetime) -> int:
        """Whole working minutes from `start` to `end`; negative when `end` is before `start`."""
        start_utc, end_utc = _aware(start), _aware(end)
        if end_utc < start_utc:
            return -self.working_minutes_between(end, start)
        if self.hours.around_the_clock:
            return (end_utc - start_utc) // ONE_MINUTE
        total = dt.timedelta(0)
        day = start_utc.astimezone(self.tz).date()
        last = end_utc.astimezone(self.tz).date()
        while day <= last:
            for interval_start, interval_end in self.intervals(day):
                overlap = min(interval_end, end_utc) - max(interval_start, start_utc)
                if overlap > dt.timedelta(0):
                    total += overlap
            day += ONE_DAY
        return total // ONE_MINUTE
