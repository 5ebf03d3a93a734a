"""The channels room's preset sections: channel_settings (social and contact-centre norms) and working_hours."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.models import Channel
from otklik.orgs.presets import PresetContext, register_preset_section

from .hours_services import working_schedule_set
from .services import SETTING_FIELDS, ChannelSettingsValues, channel_settings_update
from .working_hours import DayHours, WeeklyHours


@register_preset_section("channel_settings", order=40)
def load_channel_settings(context: PresetContext, data: dict[str, Any] | None) -> None:
    data = dict(data or {})
    unknown = set(data) - set(SETTING_FIELDS)
    if unknown:
        raise ApplicationError(_("Неизвестные поля пресета: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    _row, changed = channel_settings_update(
        actor=context.actor,
        organisation=context.body,
        # An explicit null in the preset is «актами не установлено» (the social-media times of SPEC D-1).
        values=ChannelSettingsValues(
            **{name: value for name, value in data.items() if value is not None},
            not_set=frozenset(name for name, value in data.items() if value is None),
        ),
    )
    if changed:
        context.changes += 1


WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SCHEDULE_KEYS = frozenset({"source", "around_the_clock", *WEEKDAY_KEYS})
DAY_KEYS = ("start", "end", "break_start", "break_end")


def _preset_time(value: Any, where: str) -> dt.time | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ApplicationError(
        _("%(where)s: время нужно указать строкой «ЧЧ:ММ» в кавычках, указано %(value)r.")
        % {"where": where, "value": value}
    )


def _preset_schedule(data: Any, where: str) -> tuple[WeeklyHours, str]:
    if not isinstance(data, dict):
        raise ApplicationError(_("%(where)s: нужен словарь с часами по дням недели.") % {"where": where})
    unknown = set(data) - SCHEDULE_KEYS
    if unknown:
        raise ApplicationError(_("Неизвестные поля пресета: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    days: list[DayHours | None] = []
    for key in WEEKDAY_KEYS:
        day = data.get(key)
        if day is None:
            days.append(None)
            continue
        if not isinstance(day, dict) or set(day) - set(DAY_KEYS) or not {"start", "end"} <= set(day):
            raise ApplicationError(
                _("%(where)s.%(day)s: нужны поля start и end (и, если есть перерыв, break_start и break_end).")
                % {"where": where, "day": key}
            )
        times = [_preset_time(day.get(name), f"{where}.{key}.{name}") for name in DAY_KEYS]
        start, end = times[0], times[1]
        assert start is not None and end is not None  # required above
        days.append(DayHours(start, end, times[2], times[3]))
    around_the_clock = data.get("around_the_clock", False)
    if not isinstance(around_the_clock, bool):
        raise ApplicationError(_("%(where)s.around_the_clock: нужно true или false.") % {"where": where})
    source = data.get("source") or ""
    if not isinstance(source, str):
        raise ApplicationError(_("%(where)s.source: нужна строка.") % {"where": where})
    return WeeklyHours(days=tuple(days), around_the_clock=around_the_clock), source


@register_preset_section("working_hours", order=45)
def load_working_hours(context: PresetContext, data: dict[str, Any] | None) -> None:
    """The body's weekly schedule, and optionally channels' own (`channels: {code: schedule}`)."""
    data = dict(data or {})
    channels = data.pop("channels", None) or {}
    if data:
        hours, source = _preset_schedule(data, "working_hours")
        _row, changed = working_schedule_set(actor=context.actor, organisation=context.body, hours=hours, source=source)
        context.changes += int(changed)
    if not isinstance(channels, dict):
        raise ApplicationError(_("working_hours.channels: нужен словарь «код канала: график»."))
    for code, schedule in channels.items():
        channel = Channel.objects.filter(organisation=context.body, code=code).first()
        if channel is None:
            raise ApplicationError(
                _("working_hours.channels: в пресете нет канала с кодом «%(code)s».") % {"code": code}
            )
        hours, source = _preset_schedule(schedule, f"working_hours.channels.{code}")
        _row, changed = working_schedule_set(
            actor=context.actor, organisation=context.body, channel=channel, hours=hours, source=source
        )
        context.changes += int(changed)
