"""The organisation page shows the body's social-media response times from its channel settings."""

import pytest

from otklik.channels.services import ChannelSettingsValues, channel_settings_update
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member


@pytest.mark.django_db
def test_the_organisation_page_shows_the_defaults_then_the_saved_times(client, organisation):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    html = client.get("/staff/organisation/").content.decode()
    assert "Соцсети: официальное обращение / упоминание</dt><dd>120 / 240 мин.</dd>" in html
    channel_settings_update(
        actor=None,
        organisation=organisation,
        values=ChannelSettingsValues(social_official_response_minutes=90, social_mention_response_minutes=180),
    )
    html = client.get("/staff/organisation/").content.decode()
    assert "Соцсети: официальное обращение / упоминание</dt><dd>90 / 180 мин.</dd>" in html
