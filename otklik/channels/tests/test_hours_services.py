"""working_schedule_set and the selectors: validated hours, the channel's own over the body's, audited writes."""

from __future__ import annotations

import datetime as dt

import pytest

from otklik.channels.hours_selectors import working_hours_for, working_time_for
from otklik.channels.hours_services import working_schedule_set
from otklik.channels.models import WorkingSchedule
from otklik.channels.working_hours import DayHours, WeeklyHours
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Channel
from otklik.orgs.tests.factories import OrganisationFactory, member

T = dt.time
SHORT_FRIDAY = WeeklyHours(
    days=(*(DayHours(T(9), T(18), T(13), T(13, 45)),) * 4, DayHours(T(9), T(16, 45), T(13), T(13, 45)), None, None)
)


def vk(organisation) -> Channel:
    return Channel.objects.create(
        organisation=organisation, code="vk", channel_type=ChannelType.SOCIAL, name="ВКонтакте"
    )


@pytest.mark.django_db
def test_without_a_stored_schedule_the_body_works_the_assumed_week(organisation):
    assert working_hours_for(organisation) == WeeklyHours.standard()
    assert working_hours_for(organisation, vk(organisation)) == WeeklyHours.standard()
    assert working_time_for(organisation).tz.key == "Europe/Moscow"


@pytest.mark.django_db
def test_the_administrator_sets_the_schedule_once_and_it_is_audited(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    row, changed = working_schedule_set(
        actor=admin, organisation=organisation, hours=SHORT_FRIDAY, source="Правила распорядка, п. 5.1"
    )
    assert changed
    assert (row.fri_end, row.sat_start, row.source) == (T(16, 45), None, "Правила распорядка, п. 5.1")
    assert working_hours_for(organisation) == SHORT_FRIDAY
    entry = AuditEntry.objects.get(action="channels.working_schedule.set")
    assert (entry.actor, entry.organisation, entry.before) == (admin, organisation, None)
    assert entry.after["fri_end"] == "16:45:00"

    # the same again is no change and no audit row; a change is audited with before and after
    assert (
        working_schedule_set(
            actor=admin, organisation=organisation, hours=SHORT_FRIDAY, source="Правила распорядка, п. 5.1"
        )[1]
        is False
    )
    working_schedule_set(actor=admin, organisation=organisation, hours=WeeklyHours.standard(), source="")
    entries = AuditEntry.objects.filter(action="channels.working_schedule.set").order_by("pk")
    assert entries.count() == 2
    assert entries.last().before["fri_end"] == "16:45:00"
    assert WorkingSchedule.objects.count() == 1


@pytest.mark.django_db
def test_a_channel_keeps_its_own_schedule_and_the_others_follow_the_body(organisation):
    channel = vk(organisation)
    site = Channel.objects.create(organisation=organisation, code="site", channel_type=ChannelType.SITE, name="Сайт")
    working_schedule_set(actor=None, organisation=organisation, hours=SHORT_FRIDAY, source="")
    working_schedule_set(actor=None, organisation=organisation, channel=channel, hours=WeeklyHours.always(), source="")
    assert working_hours_for(organisation, channel).around_the_clock
    assert working_hours_for(organisation, site) == SHORT_FRIDAY
    assert working_hours_for(organisation) == SHORT_FRIDAY
    saturday = dt.datetime(2026, 2, 28, 12, tzinfo=organisation.tz)
    assert working_time_for(organisation, channel).is_working(saturday)
    assert not working_time_for(organisation, site).is_working(saturday)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "message"),
    [
        (DayHours(T(18), T(9)), "Понедельник: окончание рабочего дня (09:00) должно быть позже начала (18:00)."),
        (DayHours(T(9), T(9)), "Понедельник: окончание рабочего дня (09:00) должно быть позже начала (09:00)."),
        (
            DayHours(T(9), T(18), T(14), T(13)),
            "Понедельник: нужно начало < начало перерыва < окончание перерыва < окончание, "
            "указано 09:00, 14:00–13:00, 18:00.",
        ),
        (
            DayHours(T(9), T(18), T(8), T(10)),
            "Понедельник: нужно начало < начало перерыва < окончание перерыва < окончание, "
            "указано 09:00, 08:00–10:00, 18:00.",
        ),
        (DayHours(T(9), T(18), T(13), None), "Понедельник: у перерыва должны быть указаны и начало, и окончание."),
    ],
)
def test_a_bad_day_is_refused_in_russian_and_nothing_is_written(organisation, day, message):
    with pytest.raises(ApplicationError) as refused:
        working_schedule_set(
            actor=None, organisation=organisation, hours=WeeklyHours(days=(day,) + (None,) * 6), source=""
        )
    assert refused.value.message == message
    assert not WorkingSchedule.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_other_refusals(organisation):
    with pytest.raises(ApplicationError, match="нет ни одного рабочего дня"):
        working_schedule_set(actor=None, organisation=organisation, hours=WeeklyHours(days=(None,) * 7), source="")
    other = vk(OrganisationFactory())
    with pytest.raises(ApplicationError, match="принадлежит другой организации"):
        working_schedule_set(
            actor=None, organisation=organisation, channel=other, hours=WeeklyHours.standard(), source=""
        )
    with pytest.raises(ApplicationError, match="длиннее 500 символов"):
        working_schedule_set(actor=None, organisation=organisation, hours=WeeklyHours.standard(), source="а" * 501)
    with pytest.raises(PermissionDeniedError, match="нужна роль: Администратор"):
        working_schedule_set(
            actor=member(organisation, RoleCode.EXECUTOR),
            organisation=organisation,
            hours=WeeklyHours.standard(),
            source="",
        )
    assert not WorkingSchedule.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_kept_working_time_follows_schedule_calendar_and_time_zone_changes(organisation):
    from otklik.calendars.services import calendar_correction_set
    from otklik.orgs.models import Organisation

    monday = dt.datetime(2026, 3, 2, 10, tzinfo=organisation.tz)
    first = working_time_for(organisation)
    assert working_time_for(organisation) is first  # kept for the sweep
    assert first.is_working(monday)
    working_schedule_set(actor=None, organisation=organisation, hours=WeeklyHours.always(), source="")
    assert working_time_for(organisation).hours.around_the_clock
    working_schedule_set(actor=None, organisation=organisation, hours=WeeklyHours.standard(), source="")
    calendar_correction_set(
        actor=member(organisation, RoleCode.ADMINISTRATOR),
        organisation=organisation,
        date=dt.date(2026, 3, 2),
        is_working_day=False,
        reason="Указ губернатора",
    )
    assert not working_time_for(organisation).is_working(monday)
    Organisation.objects.filter(pk=organisation.pk).update(timezone="Asia/Vladivostok")
    organisation.refresh_from_db()
    assert working_time_for(organisation).tz.key == "Asia/Vladivostok"


@pytest.mark.django_db
def test_a_channels_own_schedule_can_be_removed_and_it_follows_the_body_again(organisation):
    from otklik.channels.hours_services import working_schedule_remove

    channel = vk(organisation)
    body, _ = working_schedule_set(actor=None, organisation=organisation, hours=SHORT_FRIDAY, source="")
    own, _ = working_schedule_set(
        actor=None, organisation=organisation, channel=channel, hours=WeeklyHours.always(), source=""
    )
    assert working_time_for(organisation, channel).hours.around_the_clock
    with pytest.raises(PermissionDeniedError):
        working_schedule_remove(actor=member(organisation, RoleCode.SOCIAL_OPERATOR), schedule=own)
    with pytest.raises(ApplicationError, match="График организации не удаляется"):
        working_schedule_remove(actor=None, schedule=body)
    working_schedule_remove(actor=member(organisation, RoleCode.ADMINISTRATOR), schedule=own)
    assert working_time_for(organisation, channel).hours == SHORT_FRIDAY
    entry = AuditEntry.objects.get(action="channels.working_schedule.removed")
    assert entry.before["around_the_clock"] is True and entry.after is None
    assert list(WorkingSchedule.objects.all()) == [body]
