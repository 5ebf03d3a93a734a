"""The preset's channel_settings section: the acts' figures land in the body's ChannelSettings row, once."""

import textwrap

import pytest

from otklik.channels.models import ChannelSettings
from otklik.core.errors import ApplicationError
from otklik.core.models import AuditEntry
from otklik.orgs.models import Organisation
from otklik.orgs.presets import preset_load


@pytest.mark.django_db
def test_loading_sverdlovsk_creates_its_row_with_the_acts_values():
    organisation, _changes = preset_load(slug="sverdlovsk")
    row = ChannelSettings.objects.get(organisation=organisation)
    assert row.social_official_response_minutes == 120  # 003 §6.3.2: 2 hours
    assert row.social_mention_response_minutes == 240  # 003 §6.3.2: 4 hours
    assert row.cc_transfers_max == 2  # 003 §6.5.2
    assert row.cc_queue_wait_max_seconds == 300  # not in the act: the default
    assert AuditEntry.objects.filter(action="channel_settings.updated", organisation=organisation).count() == 1
    assert preset_load(slug="sverdlovsk")[1] == 0
    assert AuditEntry.objects.filter(action="channel_settings.updated", organisation=organisation).count() == 1


@pytest.mark.django_db
def test_loading_khabarovsk_sets_the_contact_centre_targets():
    organisation, _changes = preset_load(slug="khabarovsk")
    row = ChannelSettings.objects.get(organisation=organisation)
    assert (row.cc_queue_wait_max_seconds, row.cc_first_contact_resolution_min_percent) == (300, 80)  # App.3 §7.1–7.2
    assert (row.cc_transfers_max, row.cc_lost_calls_max) == (2, 2)  # App.3 §7.3–7.4
    assert (row.cc_avg_handling_max_seconds, row.cc_avg_call_max_seconds) == (420, 600)  # App.3 §7.6, App.1 §5.7


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("channel_settings: {cc_transfer_max: 2}", "Неизвестные поля пресета: cc_transfer_max"),
        ("channel_settings: {cc_first_contact_resolution_min_percent: 180}", "нужно целое число от 0 до 100"),
        ("settings: {cc_transfers_max: 2}", "Неизвестные поля пресета: cc_transfers_max"),  # the old place
    ],
)
def test_a_bad_channel_settings_section_is_refused_whole(tmp_path, settings, section, message):
    settings.PRESETS_DIR = tmp_path
    (tmp_path / "broken.yaml").write_text(
        textwrap.dedent('organisation: {slug: broken, name: "Министерство", short_name: "М"}\n') + section + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ApplicationError, match=message):
        preset_load(slug="broken")
    assert not Organisation.objects.filter(slug="broken").exists()
    assert not ChannelSettings.objects.exists()
