"""Applications cannot flood one citizen's e-mail with appeals: past the budget the API answers 429 in its format."""

import uuid

import pytest
from rest_framework.test import APIClient

from otklik.api.services import api_key_issue
from otklik.appeals.models import Appeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.OTKLIK_SUBMISSION_LIMITS = {
        **settings.OTKLIK_SUBMISSION_LIMITS,
        "appeal": {"per_address": 20, "per_email": 3, "challenge_from": 1, "seconds": 3600},
    }


def appeal(n: int, email: str = "victim@example.org") -> dict:
    return {
        "kind": "appeal",
        "text": f"Обращение {n}: прошу отремонтировать дорогу.",
        "author": {"last_name": "Петрова", "first_name": "Анна", "email": email},
        "submission_key": uuid.uuid4().hex,
    }


def test_the_client_api_limits_appeals_per_e_mail_with_429(organisation, limits):
    raw = api_key_issue(organisation=organisation, name="Мой город", contact_email="dev@example.org").raw
    api = APIClient()
    codes = [api.post("/api/v1/client/appeals/", appeal(n), format="json", HTTP_X_API_KEY=raw) for n in range(5)]
    assert [response.status_code for response in codes] == [201, 201, 201, 429, 429]
    refusal = codes[-1]
    assert refusal.json()["errors"][0]["field"] == "author.email"
    assert "Слишком много обращений с этой электронной почты" in refusal.json()["errors"][0]["message"]
    assert int(refusal["Retry-After"]) > 0
    # The challenge is for people on the portal; an application is never asked it.
    other = api.post("/api/v1/client/appeals/", appeal(9, "other@example.org"), format="json", HTTP_X_API_KEY=raw)
    assert other.status_code == 201
    assert Appeal.objects.count() == 4


def test_open311_answers_429_in_its_own_format(client, organisation, limits):
    raw = api_key_issue(organisation=organisation, name="Мой город", contact_email="dev@example.org").raw
    body = {
        "api_key": raw,
        "jurisdiction_id": "testorg",
        "service_code": "appeal",
        "description": "Яма на дороге",
        "first_name": "Анна",
        "last_name": "Петрова",
        "email": "victim@example.org",
    }
    codes = [client.post("/open311/v2/requests.json", body).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    last = client.post("/open311/v2/requests.json", body)
    assert last.status_code == 429 and last.json()[0]["code"] == 429
