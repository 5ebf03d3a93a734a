"""The admin edits a body's channel settings through channel_settings_update: refusals in Russian, audit on save."""

import pytest

from otklik.channels.models import ChannelSettings
from otklik.core.models import AuditEntry
from otklik.orgs.tests.factories import UserFactory

FORM = {
    "social_official_response_minutes": 120,
    "social_mention_response_minutes": 240,
    "cc_queue_wait_max_seconds": 300,
    "cc_first_contact_resolution_min_percent": 80,
    "cc_transfers_max": 2,
    "cc_lost_calls_max": 2,
    "cc_avg_handling_max_seconds": 420,
    "cc_avg_call_max_seconds": 600,
}


@pytest.mark.django_db
def test_a_valid_row_is_written_by_the_service(admin_client, admin_user, organisation):
    response = admin_client.post(
        "/admin/channels/channelsettings/add/",
        {**FORM, "organisation": organisation.pk, "social_official_response_minutes": 60},
    )
    assert response.status_code == 302
    row = ChannelSettings.objects.get(organisation=organisation)
    assert row.social_official_response_minutes == 60
    entry = AuditEntry.objects.get(action="channel_settings.updated")
    assert entry.actor == admin_user and entry.organisation == organisation
    assert entry.after["social_official_response_minutes"] == 60

    response = admin_client.post(f"/admin/channels/channelsettings/{row.pk}/change/", {**FORM, "cc_transfers_max": 1})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.cc_transfers_max == 1
    assert AuditEntry.objects.filter(action="channel_settings.updated").count() == 2
    assert not AuditEntry.objects.filter(action__startswith="admin.").exists()


@pytest.mark.django_db
def test_a_percentage_over_100_is_refused_in_russian_and_nothing_is_saved(admin_client, organisation):
    response = admin_client.post(
        "/admin/channels/channelsettings/add/",
        {**FORM, "organisation": organisation.pk, "cc_first_contact_resolution_min_percent": 150},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "«решено при первом обращении не менее, %»: нужно целое число от 0 до 100, указано 150." in html
    assert not ChannelSettings.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_staff_member_who_is_not_the_bodys_administrator_is_refused(client, organisation):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__endswith="_channelsettings"))
    client.force_login(clerk)
    response = client.post("/admin/channels/channelsettings/add/", {**FORM, "organisation": organisation.pk})
    assert response.status_code == 200
    assert "нужна роль: Администратор" in response.content.decode()
    assert not ChannelSettings.objects.exists()


@pytest.mark.django_db
def test_emptying_a_social_time_means_not_set_by_the_acts(admin_client, organisation):
    response = admin_client.post("/admin/channels/channelsettings/add/", {**FORM, "organisation": organisation.pk})
    assert response.status_code == 302
    row = ChannelSettings.objects.get(organisation=organisation)
    response = admin_client.post(
        f"/admin/channels/channelsettings/{row.pk}/change/",
        {**FORM, "social_official_response_minutes": "", "social_mention_response_minutes": ""},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.social_official_response_minutes, row.social_mention_response_minutes) == (None, None)
    assert row.cc_transfers_max == 2
    entry = AuditEntry.objects.filter(action="channel_settings.updated").order_by("pk").last()
    assert entry.after["social_mention_response_minutes"] is None
