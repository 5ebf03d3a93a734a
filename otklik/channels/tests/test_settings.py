"""The channels room's settings row: the service validates and audits, the selector falls back to the defaults."""

import pytest

from otklik.channels.models import ChannelSettings
from otklik.channels.selectors import channel_settings_for
from otklik.channels.services import ChannelSettingsValues, channel_settings_update
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member


@pytest.mark.django_db
def test_without_a_row_the_defaults_apply(organisation):
    row = channel_settings_for(organisation)
    assert row.pk is None
    # the social-media times only where the body's acts set them (SPEC D-1): none by default
    assert (row.social_official_response_minutes, row.social_mention_response_minutes) == (None, None)
    assert (row.cc_queue_wait_max_seconds, row.cc_first_contact_resolution_min_percent) == (300, 80)
    assert (row.cc_transfers_max, row.cc_lost_calls_max) == (2, 2)
    assert (row.cc_avg_handling_max_seconds, row.cc_avg_call_max_seconds) == (420, 600)


@pytest.mark.django_db
def test_an_administrator_changes_some_values_and_the_rest_stay(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    row, changed = channel_settings_update(
        actor=admin, organisation=organisation, values=ChannelSettingsValues(social_official_response_minutes=60)
    )
    assert changed
    row, changed = channel_settings_update(
        actor=admin, organisation=organisation, values=ChannelSettingsValues(cc_transfers_max=1)
    )
    assert changed
    row.refresh_from_db()
    assert (row.social_official_response_minutes, row.social_mention_response_minutes, row.cc_transfers_max) == (
        60,
        None,
        1,
    )
    entries = AuditEntry.objects.filter(action="channel_settings.updated").order_by("pk")
    assert [e.actor for e in entries] == [admin, admin]
    assert entries[0].before is None and entries[0].after["social_official_response_minutes"] == 60
    assert entries[1].before["cc_transfers_max"] == 2 and entries[1].after["cc_transfers_max"] == 1
    # The same values again: nothing is written, nothing is audited.
    _row, changed = channel_settings_update(
        actor=admin, organisation=organisation, values=ChannelSettingsValues(cc_transfers_max=1)
    )
    assert not changed
    assert AuditEntry.objects.filter(action="channel_settings.updated").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (ChannelSettingsValues(cc_first_contact_resolution_min_percent=101), "cc_first_contact_resolution_min_percent",
         "«решено при первом обращении не менее, %»: нужно целое число от 0 до 100, указано 101."),
        (ChannelSettingsValues(social_mention_response_minutes=0), "social_mention_response_minutes",
         "«ответ на упоминание в соцсети, минут»: нужно целое число от 1 до"),
        (ChannelSettingsValues(cc_transfers_max=40000), "cc_transfers_max", "от 0 до 32767, указано 40000"),
        (ChannelSettingsValues(cc_lost_calls_max="2"), "cc_lost_calls_max", "нужно целое число"),
    ],
)  # fmt: skip
def test_bad_values_are_refused_and_nothing_is_saved(organisation, values, field, message):
    with pytest.raises(ApplicationError) as refusal:
        channel_settings_update(actor=None, organisation=organisation, values=values)
    assert refusal.value.field == field
    assert message in refusal.value.message
    assert not ChannelSettings.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_only_an_administrator_of_the_body_changes_its_settings(organisation):
    operator = member(organisation, RoleCode.CC_OPERATOR)
    with pytest.raises(PermissionDeniedError, match="нужна роль: Администратор"):
        channel_settings_update(
            actor=operator, organisation=organisation, values=ChannelSettingsValues(cc_transfers_max=3)
        )
    assert not ChannelSettings.objects.exists()


@pytest.mark.django_db
def test_a_social_time_can_be_cleared_to_not_set_by_the_acts(organisation):
    channel_settings_update(
        actor=None,
        organisation=organisation,
        values=ChannelSettingsValues(social_official_response_minutes=120, social_mention_response_minutes=240),
    )
    row, changed = channel_settings_update(
        actor=None,
        organisation=organisation,
        values=ChannelSettingsValues(not_set=frozenset({"social_mention_response_minutes"})),
    )
    assert changed
    row.refresh_from_db()
    assert (row.social_official_response_minutes, row.social_mention_response_minutes) == (120, None)
    entry = AuditEntry.objects.filter(action="channel_settings.updated").order_by("pk").last()
    assert entry.before["social_mention_response_minutes"] == 240
    assert entry.after["social_mention_response_minutes"] is None
    # a contact-centre target cannot be cleared, and a value cannot be both given and cleared
    with pytest.raises(ApplicationError, match="«потерянных звонков не более»: значение обязательно"):
        channel_settings_update(
            actor=None,
            organisation=organisation,
            values=ChannelSettingsValues(not_set=frozenset({"cc_lost_calls_max"})),
        )
    with pytest.raises(ApplicationError, match="одновременно задано и очищено"):
        channel_settings_update(
            actor=None,
            organisation=organisation,
            values=ChannelSettingsValues(
                social_official_response_minutes=60, not_set=frozenset({"social_official_response_minutes"})
            ),
        )
    row.refresh_from_db()
    assert (row.social_official_response_minutes, row.cc_lost_calls_max) == (120, 2)
