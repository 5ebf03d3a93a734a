"""The presets' working_hours section and social-media times: what the acts say, the assumed week where silent."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from otklik.channels.hours_selectors import working_hours_for
from otklik.channels.models import ChannelSettings, WorkingSchedule
from otklik.channels.working_hours import WeeklyHours
from otklik.core.errors import ApplicationError
from otklik.core.models import AuditEntry
from otklik.orgs.models import Organisation
from otklik.orgs.presets import preset_load


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "official", "mention"),
    [("sverdlovsk", 120, 240), ("dagestan", 120, 240), ("smolensk", None, None), ("khabarovsk", None, None)],
)
def test_each_preset_loads_the_assumed_week_and_the_acts_social_times(slug, official, mention):
    organisation, _changes = preset_load(slug=slug)
    assert working_hours_for(organisation) == WeeklyHours.standard()
    row = WorkingSchedule.objects.get(organisation=organisation)
    assert row.source.startswith("Акт часов работы не устанавливает")
    assert "администратору следует исправить" in row.source
    settings = ChannelSettings.objects.get(organisation=organisation)
    assert (settings.social_official_response_minutes, settings.social_mention_response_minutes) == (official, mention)
    assert preset_load(slug=slug)[1] == 0  # loading again changes nothing
    assert AuditEntry.objects.filter(action="channels.working_schedule.set", organisation=organisation).count() == 1


@pytest.mark.django_db
def test_reloading_smolensk_clears_times_a_body_had_from_the_old_defaults():
    organisation, _changes = preset_load(slug="smolensk")
    ChannelSettings.objects.filter(organisation=organisation).update(
        social_official_response_minutes=120, social_mention_response_minutes=240
    )
    preset_load(slug="smolensk")
    settings = ChannelSettings.objects.get(organisation=organisation)
    assert (settings.social_official_response_minutes, settings.social_mention_response_minutes) == (None, None)


def _write(tmp_path, section: str) -> None:
    (tmp_path / "broken.yaml").write_text(
        textwrap.dedent('organisation: {slug: broken, name: "Министерство", short_name: "М"}\n')
        + "channels:\n  - {code: vk, channel_type: social, name: ВКонтакте}\n"
        + textwrap.dedent(section),
        encoding="utf-8",
    )


@pytest.mark.django_db
def test_a_channel_schedule_in_a_preset(tmp_path, settings):
    settings.PRESETS_DIR = tmp_path
    _write(
        tmp_path,
        """
        working_hours:
          source: "Правила"
          mon: {start: "08:00", end: "17:00", break_start: "12:00", break_end: "12:45"}
          channels:
            vk: {around_the_clock: true, source: "Бот отвечает круглосуточно"}
        """,
    )
    organisation, _changes = preset_load(slug="broken")
    body = working_hours_for(organisation)
    assert body.days[0] is not None and body.days[0].end == dt.time(17)
    assert body.days[1] is None
    channel = organisation.channels.get(code="vk")
    assert working_hours_for(organisation, channel).around_the_clock


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("working_hours: {mon: {start: 09:00, end: 18:00}}", "время нужно указать строкой «ЧЧ:ММ» в кавычках"),
        ('working_hours: {mon: {start: "09:00"}}', "working_hours.mon: нужны поля start и end"),
        ('working_hours: {monday: {start: "09:00", end: "18:00"}}', "Неизвестные поля пресета: monday"),
        ('working_hours: {mon: {start: "18:00", end: "09:00"}}', "Понедельник: окончание рабочего дня"),
        ('working_hours: {source: "нет дней"}', "нет ни одного рабочего дня"),
        ("working_hours: {channels: {tg: {around_the_clock: true}}}", "нет канала с кодом «tg»"),
        ('working_hours: {around_the_clock: "да"}', "around_the_clock: нужно true или false"),
        (
            "channel_settings: {cc_transfers_max: null}",
            "«коэффициент переведённых звонков не более»: значение обязательно",
        ),
    ],
)
def test_a_bad_section_is_refused_whole(tmp_path, settings, section, message):
    settings.PRESETS_DIR = tmp_path
    _write(tmp_path, section + "\n")
    with pytest.raises(ApplicationError, match=message):
        preset_load(slug="broken")
    assert not Organisation.objects.filter(slug="broken").exists()
    assert not WorkingSchedule.objects.exists()
