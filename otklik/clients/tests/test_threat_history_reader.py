"""The citizen's history is personal data too: its read is logged with who read it, not as an anonymous read."""

import pytest
from django.utils import timezone

from otklik.clients.models import ClientAccount
from otklik.core.models import AuditEntry
from otklik.portal.tests.answered import registered


@pytest.mark.django_db
def test_the_history_read_names_the_citizen_account_that_read_it(client, organisation):
    mine = registered(organisation, email="petrova@example.org").appeal
    registered(organisation, email="someone@example.org")
    account = ClientAccount.objects.create(email="petrova@example.org", password="!", confirmed_at=timezone.now())
    ClientAccount.objects.create(email="someone@example.org", password="!", confirmed_at=timezone.now())
    session = client.session
    session["otklik_client_account"] = account.pk
    session.save()
    assert mine.number in client.get("/o/testorg/account/").content.decode()
    read = AuditEntry.objects.get(action="pd.read.client_history")
    assert read.after["reader"] == {"type": "clients.clientaccount", "id": account.pk}
    assert read.after["ids"] == [mine.pk]
    assert read.organisation == organisation
