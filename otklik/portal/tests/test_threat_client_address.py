"""Rotating X-Forwarded-For gains an attacker nothing on the portal's budgets; behind our proxy each client has its own."""

import itertools
import uuid

import pytest

from otklik.portal.status_views import ATTEMPTS_PER_MINUTE

pytestmark = pytest.mark.django_db

TOO_MANY = "Слишком много попыток"
forged = (f"203.0.113.{n % 250}" for n in itertools.count(1))


def guess(client, remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.post("/o/testorg/status/", {"number": "1-О/26", "access_code": "AAAA-BBBB"}, **extra)
    return response.content.decode()


def test_a_forged_forwarded_for_does_not_reset_the_status_budget(client, organisation, settings):
    settings.OTKLIK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(ATTEMPTS_PER_MINUTE):
        assert TOO_MANY not in guess(client, "198.51.100.7", next(forged))
    assert TOO_MANY in guess(client, "198.51.100.7", next(forged))


def test_behind_a_trusted_proxy_the_real_client_is_limited_and_others_are_not(client, organisation, settings):
    settings.OTKLIK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _ in range(ATTEMPTS_PER_MINUTE):
        assert TOO_MANY not in guess(client, "10.0.0.5", "198.51.100.7")
    # Whatever the client writes in front, our proxy appended the address it saw.
    assert TOO_MANY in guess(client, "10.0.0.5", f"{next(forged)}, 198.51.100.7")
    assert TOO_MANY in guess(client, "10.0.0.6", "198.51.100.7, 10.0.0.5")
    # Another citizen behind the same proxy keeps their own budget.
    assert TOO_MANY not in guess(client, "10.0.0.5", "192.0.2.44")


def test_the_developer_page_counts_keys_per_real_client(client, organisation, settings):
    from otklik.portal.developer_views import KEYS_PER_HOUR

    settings.OTKLIK_TRUSTED_PROXIES = ["10.0.0.0/8"]

    def data() -> dict:
        return {"name": "Приложение", "contact_email": "dev@example.org", "submission_key": uuid.uuid4().hex}

    for _ in range(KEYS_PER_HOUR):
        page = client.post("/o/testorg/developers/", data(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1")
        assert 'data-testid="api-key"' in page.content.decode()
    refused = client.post("/o/testorg/developers/", data(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert "Слишком много ключей" in refused.content.decode()
    other = client.post("/o/testorg/developers/", data(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert 'data-testid="api-key"' in other.content.decode()
