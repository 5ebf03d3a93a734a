"""Reads of the channels room's working hours: the schedule that applies to a body or one of its channels."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from otklik.calendars.selectors import calendar_for
from otklik.core.memo import Memo
from otklik.orgs.models import Channel, Organisation

from .models import WorkingSchedule
from .models.hours import DAY_PREFIXES
from .working_hours import DayHours, WeeklyHours, WorkingTime

# A timer sweep asks for the same few schedules over and over: keep each WorkingTime (and the days it has worked
# out) for a minute. working_schedule_set forgets them; a new calendar or time zone of the body replaces one.
WORKING_TIMES: Memo[WorkingTime] = Memo("working_times")


def weekly_hours_of(schedule: WorkingSchedule) -> WeeklyHours:
    """The stored row as the pure functions' WeeklyHours (a day without start and end is a day off)."""
    days: list[DayHours | None] = []
    for prefix in DAY_PREFIXES:
        start: dt.time | None = getattr(schedule, f"{prefix}_start")
        end: dt.time | None = getattr(schedule, f"{prefix}_end")
        if start is None or end is None:
            days.append(None)
            continue
        days.append(
            DayHours(start, end, getattr(schedule, f"{prefix}_break_start"), getattr(schedule, f"{prefix}_break_end"))
        )
    return WeeklyHours(days=tuple(days), around_the_clock=schedule.around_the_clock)


def working_schedule_for(organisation: Organisation, channel: Channel | None = None) -> WorkingSchedule | None:
    """The stored schedule that applies: the channel's own if it has one, else the body's; None when neither."""
    wanted = Q(channel__isnull=True) | Q(channel=channel) if channel is not None else Q(channel__isnull=True)
    rows = {row.channel_id: row for row in WorkingSchedule.objects.filter(wanted, organisation=organisation)}
    return rows.get(channel.pk if channel else None) or rows.get(None)


def working_hours_for(organisation: Organisation, channel: Channel | None = None) -> WeeklyHours:
    """The weekly hours that apply; Mon–Fri 09:00–18:00 with a 13:00–14:00 break when nothing is stored."""
    schedule = working_schedule_for(organisation, channel)
    return weekly_hours_of(schedule) if schedule is not None else WeeklyHours.standard()


def working_time_for(organisation: Organisation, channel: Channel | None = None) -> WorkingTime:
    """Working time of the channel (or the body) on the body's production calendar, in the body's time zone."""
    calendar = calendar_for(organisation)
    key = (organisation.pk, channel.pk if channel is not None else None)
    held = WORKING_TIMES.peek(key)
    if held is not None and held.calendar is calendar and held.tz.key == organisation.timezone:
        return held
    hours = working_hours_for(organisation, channel)
    return WORKING_TIMES.put(key, WorkingTime(calendar, hours, organisation.tz))


def schedules_of(organisation: Organisation) -> tuple[WorkingSchedule | None, list[WorkingSchedule]]:
    """The body's own schedule (None when not stored) and its channels' own, in the channels' order; one query."""
    rows = list(
        WorkingSchedule.objects.filter(organisation=organisation)
        .select_related("channel")
        .order_by("channel__sort_order", "channel__name")
    )
    own = next((row for row in rows if row.channel_id is None), None)
    return own, [row for row in rows if row.channel_id is not None]
