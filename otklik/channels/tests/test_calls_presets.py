"""The preset's phone_lines section: each body's lines with only the thresholds its acts set, loaded once."""

import textwrap

import pytest

from otklik.channels.models import PhoneLine
from otklik.core.errors import ApplicationError
from otklik.core.models import AuditEntry
from otklik.orgs.models import Organisation
from otklik.orgs.presets import preset_load

pytestmark = pytest.mark.django_db


def test_khabarovsk_gets_its_appeals_and_services_lines_with_the_acts_thresholds():
    organisation, _changes = preset_load(slug="khabarovsk")
    lines = {line.code: line for line in PhoneLine.objects.filter(organisation=organisation).select_related("channel")}
    assert set(lines) == {"appeals", "services"}
    appeals, services = lines["appeals"], lines["services"]
    assert appeals.procedure == "appeals" and appeals.channel.code == "phone-hotline"
    assert appeals.avg_talk_max_seconds == 600  # App.1 §5.7
    assert appeals.queue_wait_max_seconds is None and appeals.transfers_max is None  # App.1 sets no more
    assert (services.queue_wait_max_seconds, services.first_contact_resolution_min_percent) == (300, 80)  # §7.1–7.2
    assert (services.transfers_max, services.lost_calls_max_per_day) == (2, 2)  # App.3 §7.3–7.4
    assert services.avg_handling_max_seconds == 420  # App.3 §7.6
    assert services.operator_load_max_percent is None  # App.3 §7.5 gives the formula, no limit
    assert services.avg_talk_max_seconds is None
    assert "§7.6" in services.source and "§5.7" in appeals.source
    assert AuditEntry.objects.filter(action="preset.phoneline.created", organisation=organisation).count() == 2
    assert preset_load(slug="khabarovsk")[1] == 0


@pytest.mark.parametrize(
    ("slug", "channel"), [("dagestan", "phone"), ("smolensk", "phone-29-25-09"), ("sverdlovsk", "phone")]
)
def test_the_other_bodies_get_one_line_with_two_transfers_only(slug, channel):
    organisation, _changes = preset_load(slug=slug)
    (line,) = PhoneLine.objects.filter(organisation=organisation)
    assert line.channel.code == channel and line.transfers_max == 2
    assert line.queue_wait_max_seconds is line.avg_handling_max_seconds is line.avg_talk_max_seconds is None


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("phone_lines: [{code: a, name: A, procedure: nope, channel: p}]", "procedure: нужно одно из"),
        ("phone_lines: [{code: a, name: A, procedure: hotline, channel: zz}]", "нет канала с кодом «zz»"),
        (
            "phone_lines: [{code: a, name: A, procedure: hotline, transfer_max: 2}]",
            "Неизвестные поля пресета: transfer_max",
        ),
        (
            "phone_lines: [{code: a, name: A, procedure: hotline, first_contact_resolution_min_percent: 180}]",
            "от 0 до 100",
        ),
    ],
)
def test_a_bad_phone_lines_section_is_refused_whole(tmp_path, settings, section, message):
    settings.PRESETS_DIR = tmp_path
    (tmp_path / "broken.yaml").write_text(
        textwrap.dedent(
            """\
            organisation: {slug: broken, name: "Министерство", short_name: "М"}
            channels: [{code: p, channel_type: phone, name: "Телефон"}]
            """
        )
        + section
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ApplicationError, match=message):
        preset_load(slug="broken")
    assert not Organisation.objects.filter(slug="broken").exists()
    assert not PhoneLine.objects.exists()
