"""The admin sets up a mailbox through mailbox_save: refusals in Russian, the password only by its variable's name."""

import pytest

from otklik.channels.models import Mailbox
from otklik.core.models import AuditEntry

from .mail_letters import email_channel

FORM = {
    "host": "imap.minzdrav.test",
    "port": 993,
    "security": "tls",
    "username": "obrashcheniya@minzdrav.test",
    "password_env": "MINZDRAV_IMAP_PASSWORD",
    "folder": "INBOX",
    "is_active": "on",
}


@pytest.mark.django_db
def test_a_mailbox_is_saved_by_the_service_and_audited(admin_client, admin_user, organisation):
    channel = email_channel(organisation)

    response = admin_client.post("/admin/channels/mailbox/add/", {**FORM, "channel": channel.pk})

    assert response.status_code == 302
    mailbox = Mailbox.objects.get()
    assert (mailbox.channel, mailbox.password_env, mailbox.is_active) == (channel, "MINZDRAV_IMAP_PASSWORD", True)
    entry = AuditEntry.objects.get(action="mailbox.saved")
    assert entry.actor == admin_user and entry.organisation == organisation
    assert not AuditEntry.objects.filter(action__startswith="admin.").exists()

    response = admin_client.post(f"/admin/channels/mailbox/{mailbox.pk}/change/", {**FORM, "folder": "Обращения"})
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.folder == "Обращения"
    assert AuditEntry.objects.filter(action="mailbox.saved").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"security": "plain"}, "Без шифрования можно подключаться только к серверу на этом же компьютере"),
        ({"password_env": "Secret pass 123"}, "Укажите имя переменной окружения с паролем"),
        ({"port": 70000}, "Порт — число от 1 до 65535."),
    ],
)
def test_bad_settings_are_refused_in_russian_and_nothing_is_saved(admin_client, organisation, change, message):
    channel = email_channel(organisation)

    response = admin_client.post("/admin/channels/mailbox/add/", {**FORM, "channel": channel.pk, **change})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Mailbox.objects.exists()
    assert not AuditEntry.objects.filter(action="mailbox.saved").exists()
