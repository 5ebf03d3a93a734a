"""Every submitting API call carries a `submission_key`: a missing one is a structured 400, and a key is scoped to
its sender — another application or staff member reusing it gets their own appeal, never someone else's."""

import re
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from otklik.api.models import ApiKey
from otklik.api.services import api_key_issue
from otklik.appeals.models import Appeal
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

pytestmark = pytest.mark.django_db

AUTHOR = {"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"}
TEXT = "Прошу отремонтировать дорогу на улице Ленина."


def staff_api(user) -> APIClient:
    out = StringIO()
    call_command("create_api_token", user.username, stdout=out)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return api


def app_api(organisation, name: str) -> APIClient:
    api = APIClient()
    raw = api_key_issue(organisation=organisation, name=name, contact_email="dev@example.org").raw
    api.credentials(HTTP_X_API_KEY=raw)
    return api


def staff_body(**overrides) -> dict:
    return {"organization": "testorg", "kind": "appeal", "channel": "post", "author": AUTHOR, "text": TEXT} | overrides


def missing_key_error(response) -> dict:
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    return error


def test_the_staff_api_refuses_a_submission_without_a_key(organisation):
    api = staff_api(member(organisation, RoleCode.REGISTRAR))
    for body in (staff_body(), staff_body(submission_key=""), staff_body(submission_key="   ")):
        error = missing_key_error(api.post("/api/v1/appeals/", body, format="json"))
        assert error["field"] == "submission_key" and re.search(r"ключа? отправки", error["message"])
    assert not Appeal.objects.exists()
    assert api.post("/api/v1/appeals/", staff_body(submission_key="letter-1"), format="json").status_code == 201


def test_the_client_api_refuses_a_submission_without_a_key(organisation):
    api = app_api(organisation, "Мой город")
    body = {"kind": "appeal", "author": AUTHOR, "text": TEXT}
    error = missing_key_error(api.post("/api/v1/client/appeals/", body, format="json"))
    assert error["field"] == "submission_key" and re.search(r"ключа? отправки", error["message"])
    assert not Appeal.objects.exists()


def test_another_application_reusing_a_key_gets_its_own_appeal(organisation):
    first, second = app_api(organisation, "Первое"), app_api(organisation, "Второе")
    body = {"kind": "appeal", "author": AUTHOR, "text": TEXT, "submission_key": "my-app-1"}
    created = first.post("/api/v1/client/appeals/", body, format="json")
    assert created.status_code == 201
    again = first.post("/api/v1/client/appeals/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    other = second.post("/api/v1/client/appeals/", body, format="json")
    assert other.status_code == 201 and other.json()["id"] != created.json()["id"]
    assert other.json()["number"] != created.json()["number"]
    assert Appeal.objects.count() == 2


def test_two_staff_members_with_one_key_each_register_their_own(organisation):
    one = staff_api(member(organisation, RoleCode.REGISTRAR))
    two = staff_api(member(organisation, RoleCode.REGISTRAR))
    body = staff_body(submission_key=uuid.uuid4().hex)
    assert one.post("/api/v1/appeals/", body, format="json").status_code == 201
    assert two.post("/api/v1/appeals/", body | {"text": "Другое письмо"}, format="json").status_code == 201
    assert one.post("/api/v1/appeals/", body, format="json").status_code == 200
    assert Appeal.objects.count() == 2


def test_open311_needs_no_key_of_the_client_and_its_token_still_finds_the_request(client, organisation):
    """GeoReport v2 has no such parameter: the server's own token is the submission's key."""
    raw = api_key_issue(organisation=organisation, name="Open311", contact_email="dev@example.org").raw
    body = {"api_key": raw, "jurisdiction_id": "testorg", "service_code": "appeal", "description": TEXT}
    body |= {"first_name": "Анна", "last_name": "Петрова", "email": "petrova@example.org"}
    created = client.post("/open311/v2/requests.json", body)
    assert created.status_code == 201
    (request,) = created.json()
    found = client.get(f"/open311/v2/tokens/{request['token']}.json", {"jurisdiction_id": "testorg"})
    assert found.status_code == 200 and found.json()[0]["service_request_id"] == request["service_request_id"]


def test_issuing_an_application_key_needs_a_submission_key_and_issues_once(organisation):
    api = APIClient()
    body = {"organization": "testorg", "name": "Мой город", "contact_email": "dev@example.org"}
    error = missing_key_error(api.post("/api/v1/keys/", body, format="json"))
    assert error["field"] == "submission_key"
    assert api.post("/api/v1/keys/", body | {"submission_key": "k-1"}, format="json").status_code == 201
    again = api.post("/api/v1/keys/", body | {"submission_key": "k-1"}, format="json")
    assert again.status_code == 400 and "уже выдан" in again.json()["errors"][0]["message"]
    assert ApiKey.objects.count() == 1


def test_the_developer_page_refuses_a_form_without_its_key_and_keeps_the_input(client, organisation):
    page = client.post("/o/testorg/developers/", {"name": "Мой город", "contact_email": "dev@example.org"})
    html = page.content.decode()
    assert "Форма пришла без ключа отправки" in html and 'value="Мой город"' in html
    assert 'data-testid="api-key"' not in html and not ApiKey.objects.exists()
