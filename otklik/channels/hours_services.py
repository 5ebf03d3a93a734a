"""The only writer of the channels room's working schedules: validated hours, one audit row per change."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Channel, Organisation, User
from otklik.orgs.permissions import require_role

from .hours_selectors import WORKING_TIMES
from .models import WorkingSchedule
from .models.hours import DAY_PARTS, DAY_PREFIXES
from .working_hours import DayHours, WeeklyHours

SOURCE_MAX = WorkingSchedule._meta.get_field("source").max_length or 500
SCHEDULE_FIELDS = [
    "around_the_clock",
    "source",
    *(f"{prefix}_{part}" for prefix in DAY_PREFIXES for part in DAY_PARTS),
]


def _day_name(weekday: int) -> str:
    """The weekday in Russian, as the refusals name it (0 = Monday)."""
    return [
        _("Понедельник"),
        _("Вторник"),
        _("Среда"),
        _("Четверг"),
        _("Пятница"),
        _("Суббота"),
        _("Воскресенье"),
    ][weekday]


def _check_day(weekday: int, day: DayHours) -> None:
    prefix = DAY_PREFIXES[weekday]
    name = _day_name(weekday)
    if (day.break_start is None) != (day.break_end is None):
        raise ApplicationError(
            _("%(day)s: у перерыва должны быть указаны и начало, и окончание.") % {"day": name},
            field=f"{prefix}_break_start" if day.break_start is None else f"{prefix}_break_end",
        )
    if day.break_start is not None and day.break_end is not None:
        if not day.start < day.break_start < day.break_end < day.end:
            raise ApplicationError(
                _(
                    "%(day)s: нужно начало < начало перерыва < окончание перерыва < окончание, "
                    "указано %(start)s, %(break_start)s–%(break_end)s, %(end)s."
                )
                % {
                    "day": name,
                    "start": day.start.strftime("%H:%M"),
                    "break_start": day.break_start.strftime("%H:%M"),
                    "break_end": day.break_end.strftime("%H:%M"),
                    "end": day.end.strftime("%H:%M"),
                },
                field=f"{prefix}_break_start",
            )
    elif not day.start < day.end:
        raise ApplicationError(
            _("%(day)s: окончание рабочего дня (%(end)s) должно быть позже начала (%(start)s).")
            % {"day": name, "start": day.start.strftime("%H:%M"), "end": day.end.strftime("%H:%M")},
            field=f"{prefix}_end",
        )


def working_schedule_check(
    *,
    actor: User | None,
    organisation: Organisation,
    channel: Channel | None = None,
    hours: WeeklyHours,
    source: str,
) -> None:
    """Refuse what the service would refuse; the admin form asks here before it saves.

    `actor` None is the system (a preset being loaded); a person needs the administrator role of the body.
    """
    if actor is not None:
        require_role(actor, organisation, RoleCode.ADMINISTRATOR)
    if channel is not None and channel.organisation_id != organisation.pk:
        raise ApplicationError(
            _("Канал «%(channel)s» принадлежит другой организации.") % {"channel": channel}, field="channel"
        )
    if len(source) > SOURCE_MAX:
        raise ApplicationError(_("Источник графика длиннее %(max)s символов.") % {"max": SOURCE_MAX}, field="source")
    for weekday, day in enumerate(hours.days):
        if day is not None:
            _check_day(weekday, day)
    if not hours.around_the_clock and all(day is None for day in hours.days):
        raise ApplicationError(
            _("В графике нет ни одного рабочего дня: укажите часы хотя бы одного дня или отметьте «круглосуточно»."),
            field="mon_start",
        )


def _field_values(hours: WeeklyHours, source: str) -> dict[str, object]:
    values: dict[str, object] = {"around_the_clock": hours.around_the_clock, "source": source}
    for prefix, day in zip(DAY_PREFIXES, hours.days, strict=True):
        for part in DAY_PARTS:
            values[f"{prefix}_{part}"] = getattr(day, part) if day is not None else None
    return values


@transaction.atomic
def working_schedule_set(
    *,
    actor: User | None,
    organisation: Organisation,
    channel: Channel | None = None,
    hours: WeeklyHours,
    source: str,
) -> tuple[WorkingSchedule, bool]:
    """Set the body's weekly schedule (or one channel's); returns the row and whether anything changed."""
    source = source.strip()
    working_schedule_check(actor=actor, organisation=organisation, channel=channel, hours=hours, source=source)
    rows = WorkingSchedule.objects.select_for_update().filter(organisation=organisation)
    row = (rows.filter(channel=channel) if channel is not None else rows.filter(channel__isnull=True)).first()
    values = _field_values(hours, source)
    if row is not None and all(getattr(row, name) == value for name, value in values.items()):
        return row, False
    before = None if row is None else snapshot(row, fields=SCHEDULE_FIELDS)
    if row is None:
        row = WorkingSchedule(organisation=organisation, channel=channel)
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    WORKING_TIMES.forget()
    transaction.on_commit(WORKING_TIMES.forget)
    audit_record(
        actor=actor,
        action=AuditAction.WORKING_SCHEDULE_SET,
        obj=row,
        organisation=organisation,
        before=before,
        after=snapshot(row, fields=SCHEDULE_FIELDS),
    )
    return row, True


@transaction.atomic
def working_schedule_remove(*, actor: User | None, schedule: WorkingSchedule) -> None:
    """Remove a channel's own schedule: the channel then follows the body's. The body's own is changed, not removed."""
    organisation = schedule.organisation
    if actor is not None:
        require_role(actor, organisation, RoleCode.ADMINISTRATOR)
    if schedule.channel_id is None:
        raise ApplicationError(
            _("График организации не удаляется: измените его (без него сроки считались бы по предполагаемому).")
        )
    before = snapshot(schedule, fields=SCHEDULE_FIELDS)
    audit_record(
        actor=actor,
        action=AuditAction.WORKING_SCHEDULE_REMOVED,
        obj=schedule,
        organisation=organisation,
        before=before,
        after=None,
    )
    schedule.delete()
    WORKING_TIMES.forget()
    transaction.on_commit(WORKING_TIMES.forget)
