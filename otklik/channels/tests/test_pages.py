"""The organisation page shows the body's social-media response times and its working hours."""

import datetime as dt

import pytest

from otklik.channels.hours_services import working_schedule_set
from otklik.channels.services import ChannelSettingsValues, channel_settings_update
from otklik.channels.working_hours import DayHours, WeeklyHours
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Channel
from otklik.orgs.tests.factories import member


@pytest.mark.django_db
def test_the_organisation_page_says_not_set_then_shows_the_saved_times(client, organisation):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    html = client.get("/staff/organisation/").content.decode()
    assert "Соцсети: официальное обращение и комментарий</dt><dd>не установлено актами</dd>" in html
    assert "Соцсети: упоминание</dt><dd>не установлено актами</dd>" in html
    channel_settings_update(
        actor=None,
        organisation=organisation,
        values=ChannelSettingsValues(social_official_response_minutes=120, social_mention_response_minutes=240),
    )
    html = client.get("/staff/organisation/").content.decode()
    assert "Соцсети: официальное обращение и комментарий</dt><dd>120 мин. рабочего времени</dd>" in html
    assert "Соцсети: упоминание</dt><dd>240 мин. рабочего времени</dd>" in html
    channel_settings_update(
        actor=None,
        organisation=organisation,
        values=ChannelSettingsValues(not_set=frozenset({"social_mention_response_minutes"})),
    )
    html = client.get("/staff/organisation/").content.decode()
    assert "Соцсети: упоминание</dt><dd>не установлено актами</dd>" in html


@pytest.mark.django_db
def test_the_organisation_page_shows_the_working_hours(client, organisation):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    html = client.get("/staff/organisation/").content.decode()
    assert "Пн–Пт: 09:00–18:00, перерыв 13:00–14:00; Сб–Вс: выходной (Europe/Moscow)" in html
    assert "график не задан" in html

    short_friday = DayHours(dt.time(9), dt.time(16, 45), dt.time(13), dt.time(13, 45))
    weekday = DayHours(dt.time(9), dt.time(18), dt.time(13), dt.time(13, 45))
    working_schedule_set(
        actor=None,
        organisation=organisation,
        hours=WeeklyHours(days=(weekday,) * 4 + (short_friday, None, None)),
        source="Правила внутреннего трудового распорядка, п. 5",
    )
    bot = Channel.objects.create(organisation=organisation, code="tg", channel_type=ChannelType.MESSENGER, name="Бот")
    working_schedule_set(actor=None, organisation=organisation, channel=bot, hours=WeeklyHours.always(), source="")
    html = client.get("/staff/organisation/").content.decode()
    assert "Пн–Чт: 09:00–18:00, перерыв 13:00–13:45; Пт: 09:00–16:45, перерыв 13:00–13:45; Сб–Вс: выходной" in html
    assert "Правила внутреннего трудового распорядка, п. 5" in html
    assert "График канала «Бот»</dt><dd>круглосуточно, без выходных</dd>" in html
