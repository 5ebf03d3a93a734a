"""Benchmark rows for the working-day arithmetic of otklik.calendars.workdays."""

from __future__ import annotations

import datetime as dt
import random
import time

from otklik.calendars.workdays import WorkCalendar
from otklik.orgs.choices import TermEndPolicy

from .table import Row


def _rate(operation, inputs: list[tuple[dt.date, int]], seconds: float = 2.0) -> float:
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for start, count in inputs:
            operation(start, count)
        done += len(inputs)
    return done / (time.perf_counter() - started)


def rows() -> list[Row]:
    rng = random.Random(20261123)
    calendar = WorkCalendar({dt.date(2026, 4, 28): False})
    starts = [dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365)) for _ in range(1000)]
    calendar_terms = [(start, rng.choice([7, 15, 30, 60])) for start in starts]
    working_terms = [(start, rng.choice([3, 10])) for start in starts]
    spans = [(start, 30) for start in starts]
    return [
        Row(
            "calendar: add 7–60 calendar days (end on non-working day moved)",
            _rate(lambda s, n: calendar.add_calendar_days(s, n, TermEndPolicy.PRECEDING), calendar_terms),
            "ops/s",
            ">= 100000",
        ),
        Row(
            "calendar: add 3 or 10 working days",
            _rate(calendar.add_working_days, working_terms),
            "ops/s",
            ">= 50000",
        ),
        Row(
            "calendar: count working days in a 30-day span",
            _rate(lambda s, n: calendar.working_days_between(s, s + dt.timedelta(days=n)), spans),
            "ops/s",
            ">= 20000",
        ),
    ]
