"""The admin adds platform accounts and typical answers through the inbox's services: secrets only by name."""

import pytest

from otklik.channels.models import SocialAccount, SocialAnswerTemplate
from otklik.core.models import AuditEntry
from otklik.orgs.choices import ChannelType

from .inbox_factories import social_body, social_channel

pytestmark = pytest.mark.django_db

ACCOUNT = {
    "platform": "vk",
    "external_id": "218375",
    "token_env": "OTKLIK_VK_MINPROM_TOKEN",
    "callback_secret_env": "OTKLIK_VK_MINPROM_SECRET",
    "confirmation_code": "d8v2ve07",
    "moderation_rules": "Оскорбления скрываем.",
    "is_active": "on",
}


def test_an_account_is_written_by_the_service_and_audited(admin_client, admin_user):
    organisation = social_body()
    channel = social_channel(organisation)
    response = admin_client.post("/admin/channels/socialaccount/add/", {**ACCOUNT, "channel": channel.pk})
    assert response.status_code == 302
    account = SocialAccount.objects.get()
    assert (account.organisation, account.token_env) == (organisation, "OTKLIK_VK_MINPROM_TOKEN")
    entry = AuditEntry.objects.get(action="social_account.saved")
    assert entry.actor == admin_user and entry.organisation == organisation


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"token_env": "vk1.a.real-token-value"}, "имя переменной окружения"),
        ({"external_id": "minprom"}, "числовой group_id"),
        ({"callback_secret_env": ""}, "секретом"),
    ],
)
def test_an_account_that_could_not_work_is_refused_in_russian(admin_client, change, message):
    organisation = social_body()
    channel = social_channel(organisation)
    response = admin_client.post("/admin/channels/socialaccount/add/", {**ACCOUNT, "channel": channel.pk, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_an_account_on_a_site_channel_is_refused(admin_client):
    organisation = social_body()
    site = social_channel(organisation, "site", ChannelType.SITE)
    response = admin_client.post("/admin/channels/socialaccount/add/", {**ACCOUNT, "channel": site.pk})
    assert "«соцсеть» или «мессенджер»" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_a_typical_answer_through_the_admin(admin_client):
    organisation = social_body()
    url = "/admin/channels/socialanswertemplate/add/"
    assert admin_client.post(url, {"organisation": organisation.pk, "title": "Т", "text": " "}).status_code == 200
    assert (
        admin_client.post(url, {"organisation": organisation.pk, "title": "Т", "text": "Спасибо!"}).status_code == 302
    )
    assert SocialAnswerTemplate.objects.get().text == "Спасибо!"
    assert AuditEntry.objects.filter(action="answer_template.saved").count() == 1
