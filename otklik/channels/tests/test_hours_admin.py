"""The admin edits working schedules through working_schedule_set: refusals in Russian, audit on save."""

from __future__ import annotations

import datetime as dt

import pytest

from otklik.channels.hours_selectors import working_hours_for
from otklik.channels.models import WorkingSchedule
from otklik.channels.working_hours import WeeklyHours
from otklik.core.models import AuditEntry
from otklik.orgs.choices import ChannelType
from otklik.orgs.models import Channel
from otklik.orgs.tests.factories import UserFactory

WEEKDAY = {"start": "09:00", "end": "18:00", "break_start": "13:00", "break_end": "14:00"}
FORM = {
    "source": "Правила внутреннего трудового распорядка",
    **{f"{day}_{part}": value for day in ("mon", "tue", "wed", "thu", "fri") for part, value in WEEKDAY.items()},
}


@pytest.mark.django_db
def test_a_valid_schedule_is_written_by_the_service(admin_client, admin_user, organisation):
    response = admin_client.post(
        "/admin/channels/workingschedule/add/", {**FORM, "organisation": organisation.pk, "fri_end": "16:45"}
    )
    assert response.status_code == 302
    row = WorkingSchedule.objects.get(organisation=organisation, channel=None)
    assert row.fri_end == dt.time(16, 45)
    assert row.sat_start is None
    entry = AuditEntry.objects.get(action="channels.working_schedule.set")
    assert entry.actor == admin_user and entry.organisation == organisation
    assert not AuditEntry.objects.filter(action__startswith="admin.").exists()

    response = admin_client.post(f"/admin/channels/workingschedule/{row.pk}/change/", {**FORM})
    assert response.status_code == 302
    assert working_hours_for(organisation) == WeeklyHours.standard()
    assert AuditEntry.objects.filter(action="channels.working_schedule.set").count() == 2


@pytest.mark.django_db
def test_a_channel_can_be_made_round_the_clock(admin_client, organisation):
    channel = Channel.objects.create(
        organisation=organisation, code="tg", channel_type=ChannelType.MESSENGER, name="Telegram"
    )
    response = admin_client.post(
        "/admin/channels/workingschedule/add/",
        {"organisation": organisation.pk, "channel": channel.pk, "around_the_clock": "on", "source": "бот"},
    )
    assert response.status_code == 302
    assert working_hours_for(organisation, channel).around_the_clock
    assert not working_hours_for(organisation).around_the_clock


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"wed_break_start": "14:00", "wed_break_end": "13:00"},
            "Среда: нужно начало &lt; начало перерыва &lt; окончание перерыва &lt; окончание, "
            "указано 09:00, 14:00–13:00, 18:00.",
        ),
        ({"thu_end": ""}, "Четверг: укажите и начало, и окончание рабочего дня (или оставьте оба пустыми — выходной)."),
        ({"sat_break_start": "13:00"}, "Суббота: перерыв указан, а начало и окончание рабочего дня — нет."),
        ({"fri_break_end": ""}, "Пятница: у перерыва должны быть указаны и начало, и окончание."),
    ],
)
def test_a_bad_schedule_is_refused_in_russian_and_nothing_is_saved(admin_client, organisation, change, message):
    response = admin_client.post(
        "/admin/channels/workingschedule/add/", {**FORM, "organisation": organisation.pk, **change}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkingSchedule.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_staff_member_who_is_not_the_bodys_administrator_is_refused(client, organisation):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__endswith="_workingschedule"))
    client.force_login(clerk)
    response = client.post("/admin/channels/workingschedule/add/", {**FORM, "organisation": organisation.pk})
    assert response.status_code == 200
    assert "нужна роль: Администратор" in response.content.decode()
    assert not WorkingSchedule.objects.exists()


@pytest.mark.django_db
def test_the_admin_removes_a_channels_schedule_but_not_the_bodys(admin_client, organisation):
    from otklik.channels.hours_services import working_schedule_set

    channel = Channel.objects.create(organisation=organisation, code="vk", channel_type=ChannelType.SOCIAL, name="VK")
    body, _ = working_schedule_set(actor=None, organisation=organisation, hours=WeeklyHours.standard(), source="")
    own, _ = working_schedule_set(
        actor=None, organisation=organisation, channel=channel, hours=WeeklyHours.always(), source=""
    )
    assert admin_client.get(f"/admin/channels/workingschedule/{body.pk}/delete/").status_code == 403
    response = admin_client.post(f"/admin/channels/workingschedule/{own.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert list(WorkingSchedule.objects.all()) == [body]
    assert AuditEntry.objects.filter(action="channels.working_schedule.removed").count() == 1
