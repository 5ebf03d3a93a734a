"""Reads of the calendar: an organisation's WorkCalendar and its "today"."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from otklik.core.memo import Memo
from otklik.orgs.models import Organisation

from .models import CalendarCorrection
from .workdays import WorkCalendar, local_date

CALENDARS: Memo[WorkCalendar] = Memo("calendars")  # every registration computes terms: keep corrections at hand


def calendar_for(organisation: Organisation | None) -> WorkCalendar:
    """The national calendar with national corrections, then the organisation's own on top."""
    return CALENDARS.get(organisation.pk if organisation else None, lambda: _calendar(organisation))


def _calendar(organisation: Organisation | None) -> WorkCalendar:
    rows = CalendarCorrection.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation)).values_list(
        "organisation_id", "date", "is_working_day"
    )
    national = {day: working for org_id, day, working in rows if org_id is None}
    own = {day: working for org_id, day, working in rows if org_id is not None}
    return WorkCalendar({**national, **own})


def today_for(organisation: Organisation, *, now: dt.datetime | None = None) -> dt.date:
    return local_date(now or timezone.now(), organisation.tz)


def corrections_for(organisation: Organisation, *, year: int) -> list[CalendarCorrection]:
    return list(
        CalendarCorrection.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        .filter(date__year=year)
        .order_by("date")
    )
