"""Legal terms of appeals and requests as pure functions over an organisation's calendar (R-AP-5, R-CAL-2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from otklik.calendars.workdays import WorkCalendar
from otklik.orgs.choices import TermEndPolicy

from .choices import AppealKind


@dataclass(frozen=True)
class Terms:
    """The organisation's terms, in calendar days (59-FZ, 8-FZ and the body's own acts)."""

    appeal_days: int = 30
    appeal_extension_max_days: int = 30
    request_days: int = 30
    request_deferral_max_days: int = 15
    forward_days: int = 7
    registration_days: int = 3
    end_policy: str = TermEndPolicy.PRECEDING


def due_date(calendar: WorkCalendar, terms: Terms, *, kind: str, registered_on: dt.date) -> dt.date:
    """30 days (or the set term) counted from the day after registration, moved off a non-working day."""
    days = terms.request_days if kind == AppealKind.REQUEST else terms.appeal_days
    return calendar.add_calendar_days(registered_on, days, terms.end_policy)


def forward_due_date(calendar: WorkCalendar, terms: Terms, *, registered_on: dt.date) -> dt.date:
    """Forwarding to the competent body and the 7-day notices (004 App. 1 §6.7–6.8)."""
    return calendar.add_calendar_days(registered_on, terms.forward_days, terms.end_policy)


def extension_limit(terms: Terms, *, kind: str) -> int:
    return terms.request_deferral_max_days if kind == AppealKind.REQUEST else terms.appeal_extension_max_days


def extended_due_date(calendar: WorkCalendar, terms: Terms, *, due: dt.date, days: int) -> dt.date:
    return calendar.add_calendar_days(due, days, terms.end_policy)


def registered_late(terms: Terms, *, received_on: dt.date, registered_on: dt.date) -> bool:
    """A written appeal is registered within 3 days of receipt (59-FZ art. 8 p. 2)."""
    return (registered_on - received_on).days > terms.registration_days


def days_left(calendar: WorkCalendar, *, today: dt.date, due: dt.date) -> int:
    """Calendar days left until the governing date (negative when overdue)."""
    return (due - today).days
