"""Guessing a citizen's password: the account locks after the failure limit, the right password waits out the
cool-off, and failed attempts are in the audit log."""

import datetime as dt
import itertools
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from otklik.clients.models import ClientAccount
from otklik.core.models import AuditEntry

pytestmark = pytest.mark.django_db

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
START = dt.datetime(2026, 4, 1, 10, 0, tzinfo=MSK)
PASSWORD = "Kashtan-2026-svet"
LOGIN = "/o/testorg/account/login/"
forged = (f"203.0.113.{n % 250}" for n in itertools.count(1))


@pytest.fixture
def account(organisation, settings):
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
    from django.contrib.auth.hashers import make_password

    return ClientAccount.objects.create(
        email="petrova@example.org", password=make_password(PASSWORD), confirmed_at=timezone.now()
    )


def sign_in(client, password: str, email: str = "petrova@example.org"):
    return client.post(
        LOGIN, {"email": email, "password": password}, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=next(forged)
    )


def test_a_hundred_wrong_passwords_lock_the_citizen_account_until_the_cool_off(client, account):
    with time_machine.travel(START, tick=False) as traveller:
        for attempt in range(100):
            response = sign_in(client, f"guess-{attempt}")
            assert response.status_code in (200, 429)
        assert response.status_code == 429
        page = response.content.decode()
        assert "Вход временно заблокирован" in page and "Попробуйте снова после 10:30 01.04.2026" in page
        assert 'value="petrova@example.org"' in page  # what was typed stays

        right = sign_in(client, PASSWORD)
        assert right.status_code == 429 and "Попробуйте снова после 10:30 01.04.2026" in right.content.decode()
        assert client.get("/o/testorg/account/").status_code == 302  # not signed in

        traveller.shift(dt.timedelta(minutes=31))
        welcome = sign_in(client, PASSWORD)
        assert welcome.status_code == 302 and welcome["Location"] == "/o/testorg/account/"

    failed = AuditEntry.objects.filter(action="client_account.sign_in_failed", object_id=str(account.pk))
    assert failed.count() >= 100 - 1
    assert all(entry.after["address"] == "198.51.100.7" for entry in failed)
    locked = AuditEntry.objects.get(action="client_account.locked_out")
    assert locked.object_type == "clients.clientaccount" and locked.after["until"].startswith("2026-04-01T10:30")


def test_a_citizen_lock_does_not_lock_a_staff_user_of_the_same_name(client, account, organisation):
    """Citizens and staff are separate namespaces: locking «petrova@example.org» on the portal leaves staff alone."""
    from otklik.orgs.choices import RoleCode
    from otklik.orgs.tests.factories import UserFactory, member

    member(organisation, RoleCode.REGISTRAR, user=UserFactory(username="petrova@example.org"))
    with time_machine.travel(START, tick=False):
        for attempt in range(10):
            sign_in(client, f"guess-{attempt}")
        assert sign_in(client, PASSWORD).status_code == 429
        staff = client.post("/accounts/login/", {"username": "petrova@example.org", "password": "secret-pass-1"})
        assert staff.status_code == 302


def test_an_unknown_e_mail_is_audited_and_told_nothing_more(client, account):
    response = sign_in(client, "guess", email="nobody@example.org")
    assert "Неверная почта или пароль" in response.content.decode()
    entry = AuditEntry.objects.get(action="client_account.sign_in_failed")
    assert (entry.object_id, entry.after["login"]) == ("", "nobody@example.org")
