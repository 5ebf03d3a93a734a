"""Working-day arithmetic over the Russian production calendar: pure functions, no database.

The national calendar comes from the `holidays` package (holidays and the official transfers, both the
days off moved onto weekdays and the Saturdays made working). Corrections (a region's own day off, a
decree the package does not know yet) are passed in as a mapping date -> is working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from otklik.orgs.choices import TermEndPolicy

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def national_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(non-working weekdays and holidays, weekend days made working) of the Russian calendar for a year."""
    calendar = holidays.country_holidays("RU", years=year)
    return frozenset(calendar.keys()), frozenset(calendar.weekend_workdays)


def national_is_working_day(day: dt.date) -> bool:
    days_off, working_weekends = national_year(day.year)
    if day in working_weekends:
        return True
    return day.weekday() < 5 and day not in days_off


class WorkCalendar:
    """The production calendar of one organisation: national days plus its corrections."""

    def __init__(self, corrections: Mapping[dt.date, bool] | None = None):
        self._corrections = dict(corrections or {})

    def is_working_day(self, day: dt.date) -> bool:
        corrected = self._corrections.get(day)
        if corrected is not None:
            return corrected
        return national_is_working_day(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day on or after `day`."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day on or before `day`."""
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (the term runs from the next day); 0 gives `start`."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        while count:
            day += ONE_DAY
            if self.is_working_day(day):
                count -= 1
        return day

    def add_calendar_days(
        self, start: dt.date, count: int, policy: TermEndPolicy | str = TermEndPolicy.PRECEDING
    ) -> dt.date:
        """`start` + `count` days; an end on a non-working day moves as the policy says.

        A term never ends before it starts: when the preceding working day would fall on or before
        `start` (a short term inside a long holiday), the end moves to the next working day instead.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        if policy not in TermEndPolicy.values:
            raise ValueError(f"unknown term end policy: {policy}")
        end = start + dt.timedelta(days=count)
        if self.is_working_day(end):
            return end
        if policy == TermEndPolicy.PRECEDING:
            preceding = self.previous_working_day(end)
            if preceding > start or count == 0:
                return preceding
        return self.next_working_day(end)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def working_days_in_year(self, year: int) -> int:
        return self.working_days_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))


def local_date(moment: dt.datetime, tz: ZoneInfo) -> dt.date:
    """The calendar day at `moment` in the organisation's time zone (what "today" means for its terms)."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(tz).date()
