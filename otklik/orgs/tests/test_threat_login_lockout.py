"""Guessing a staff password: the account locks after the failure limit, the right password waits out the cool-off,
and every failed attempt is in the audit log."""

import datetime as dt
import itertools
import zoneinfo

import pytest
import time_machine

from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
START = dt.datetime(2026, 4, 1, 10, 0, tzinfo=MSK)
PASSWORD = "secret-pass-1"  # the factory's
forged = (f"203.0.113.{n % 250}" for n in itertools.count(1))


def sign_in(client, username: str, password: str, url: str = "/accounts/login/"):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=next(forged)
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def lockout(settings):
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)


def test_a_hundred_wrong_passwords_lock_the_account_until_the_cool_off(client, organisation, lockout):
    user = member(organisation, RoleCode.REGISTRAR, user=UserFactory(username="registrar"))
    with time_machine.travel(START, tick=False) as traveller:
        for attempt in range(100):
            response = sign_in(client, "registrar", f"guess-{attempt}")
            assert not signed_in(client)
        assert response.status_code == 429
        page = response.content.decode()
        assert "Вход временно заблокирован" in page and "Попробуйте снова после 10:30 01.04.2026" in page

        right = sign_in(client, "registrar", PASSWORD)
        assert right.status_code == 429 and not signed_in(client)
        assert "Попробуйте снова после 10:30 01.04.2026" in right.content.decode()
        admin = sign_in(client, "registrar", PASSWORD, url="/admin/login/")
        assert admin.status_code == 429 and not signed_in(client)

        traveller.shift(dt.timedelta(minutes=29))
        assert sign_in(client, "registrar", PASSWORD).status_code == 429 and not signed_in(client)
        traveller.shift(dt.timedelta(minutes=2))
        welcome = sign_in(client, "registrar", PASSWORD)
        assert welcome.status_code == 302 and signed_in(client)

    failed = AuditEntry.objects.filter(action="auth.sign_in_failed", object_type="orgs.user", object_id=str(user.pk))
    assert failed.count() >= 100 - 1
    assert all(entry.after["address"] == "198.51.100.7" and entry.after["login"] == "registrar" for entry in failed)
    locked = AuditEntry.objects.get(action="auth.locked_out")
    assert locked.object_id == str(user.pk) and locked.after["until"].startswith("2026-04-01T10:30")


def test_the_lock_names_the_account_not_the_forged_address(client, organisation, lockout, settings):
    """Rotating X-Forwarded-For from an untrusted peer changes nothing, even when lock-out counts username and address."""
    settings.AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
    member(organisation, RoleCode.REGISTRAR, user=UserFactory(username="registrar"))
    with time_machine.travel(START, tick=False):
        for attempt in range(10):
            sign_in(client, "registrar", f"guess-{attempt}")
        assert sign_in(client, "registrar", PASSWORD).status_code == 429 and not signed_in(client)


def test_an_unknown_login_is_audited_too_and_the_form_says_nothing_more(client, organisation, lockout):
    response = sign_in(client, "nobody", "guess")
    assert response.status_code == 200
    assert "Неверное имя пользователя или пароль" in response.content.decode()
    entry = AuditEntry.objects.get(action="auth.sign_in_failed")
    assert (entry.object_type, entry.object_id, entry.after["login"]) == ("orgs.user", "", "nobody")
