"""The channels room's rows on the organisation page: the social-media response times and the working hours."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from otklik.orgs.models import Organisation
from otklik.orgs.norms import register_norms

from .hours_selectors import schedules_of, weekly_hours_of
from .selectors import channel_settings_for
from .working_hours import DayHours, WeeklyHours


def _short_days() -> list[str]:
    return [_("Пн"), _("Вт"), _("Ср"), _("Чт"), _("Пт"), _("Сб"), _("Вс")]


def _day_text(day: DayHours | None) -> str:
    if day is None:
        return _("выходной")
    text = f"{day.start:%H:%M}–{day.end:%H:%M}"
    if day.break_start is not None and day.break_end is not None:
        text = _("%(hours)s, перерыв %(start)s–%(end)s") % {
            "hours": text,
            "start": f"{day.break_start:%H:%M}",
            "end": f"{day.break_end:%H:%M}",
        }
    return text


def schedule_lines(hours: WeeklyHours) -> list[str]:
    """The week in a few lines, consecutive days with the same hours together: «Пн–Пт: 09:00–18:00, …»."""
    if hours.around_the_clock:
        return [_("круглосуточно, без выходных")]
    names = _short_days()
    lines: list[str] = []
    first = 0
    for weekday in range(1, 8):
        if weekday < 7 and hours.days[weekday] == hours.days[first]:
            continue
        last = weekday - 1
        days = names[first] if first == last else f"{names[first]}–{names[last]}"
        lines.append(f"{days}: {_day_text(hours.days[first])}")
        first = weekday
    return lines


@register_norms("channels/organisation_norms.html", order=10)
def channel_norms(organisation: Organisation) -> dict[str, Any]:
    schedule, channel_schedules = schedules_of(organisation)
    hours = weekly_hours_of(schedule) if schedule is not None else WeeklyHours.standard()
    return {
        "settings": channel_settings_for(organisation),
        "hours_lines": schedule_lines(hours),
        "hours_source": schedule.source if schedule is not None else "",
        "hours_stored": schedule is not None,
        "timezone": organisation.timezone,
        "channel_schedules": [
            {"channel": row.channel, "lines": schedule_lines(weekly_hours_of(row)), "source": row.source}
            for row in channel_schedules
        ],
    }
