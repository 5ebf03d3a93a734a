"""The API's throttles count the client's real address: a rotating X-Forwarded-For opens no new budget."""

import copy
import itertools
import uuid

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

forged = (f"203.0.113.{n % 250}, 198.18.{n % 200}.{n % 250}" for n in itertools.count(1))


@pytest.fixture
def small_budgets(settings):
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"].update({"status": "5/min", "key_issue": "3/hour", "anon": "4/min"})
    settings.REST_FRAMEWORK = rest
    settings.OTKLIK_TRUSTED_PROXIES = ["10.0.0.0/8"]


def status_call(api: APIClient, remote: str, forwarded: str) -> int:
    body = {"organization": "testorg", "number": "1-О/26", "access_code": "AAAA-BBBB"}
    response = api.post("/api/v1/status/", body, format="json", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    return response.status_code


def test_rotating_forwarded_for_gains_nothing_on_the_status_lookup(organisation, small_budgets):
    api = APIClient()
    assert [status_call(api, "198.51.100.7", next(forged)) for _ in range(5)] == [404] * 5
    refused = api.post(
        "/api/v1/status/",
        {"organization": "testorg", "number": "1-О/26", "access_code": "AAAA-BBBB"},
        format="json",
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR=next(forged),
    )
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["field"] is None and refused.json()["errors"][0]["message"]


def test_behind_a_trusted_proxy_each_real_client_has_its_own_status_budget(organisation, small_budgets):
    api = APIClient()
    assert [status_call(api, "10.0.0.5", "198.51.100.7") for _ in range(5)] == [404] * 5
    assert status_call(api, "10.0.0.5", "1.2.3.4, 198.51.100.7") == 429
    assert status_call(api, "10.0.0.6", "192.0.2.44") == 404


def test_rotating_forwarded_for_gains_nothing_on_key_issuing(organisation, small_budgets):
    api = APIClient()
    body = {"organization": "testorg", "name": "Приложение", "contact_email": "dev@example.org"}
    codes = [
        api.post(
            "/api/v1/keys/",
            body | {"submission_key": uuid.uuid4().hex},
            format="json",
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=next(forged),
        )
        for _ in range(4)
    ]
    assert [response.status_code for response in codes] == [201, 201, 201, 429]


def test_the_anonymous_budget_counts_the_real_client(organisation, small_budgets):
    api = APIClient()
    url = "/api/v1/organizations/testorg/registry/"
    codes = [api.get(url, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=next(forged)).status_code for _ in range(5)]
    assert codes[:4] != [429] * 4 and codes[4] == 429
