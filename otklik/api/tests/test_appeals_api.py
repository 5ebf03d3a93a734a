"""API v1 for appeals: register, read, extend, forward, with the common error format and pinned due dates."""

import datetime as dt
import uuid
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def client_for(user) -> APIClient:
    out = StringIO()
    call_command("create_api_token", user.username, stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def body(**overrides):
    data = {
        "organization": "testorg",
        "kind": "appeal",
        "channel": "post",
        "received_at": "2025-12-01T10:00:00+03:00",
        "author": {"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"},
        "text": "Прошу разъяснить порядок лицензирования.",
        "submission_key": uuid.uuid4().hex,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("registered_on", "due_date"),
    [
        ("2025-12-02", "2025-12-30"),  # across the 2025/2026 New Year holidays
        ("2026-04-11", "2026-05-08"),  # the May holidays
        ("2025-10-02", "2025-11-01"),  # a transferred working Saturday
    ],
)
def test_staff_register_back_filled_post_and_get_the_due_date(organisation, registered_on, due_date):
    api = client_for(member(organisation, RoleCode.REGISTRAR))
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, tzinfo=MSK), tick=False):
        response = api.post(
            "/api/v1/appeals/",
            body(registered_on=registered_on, received_at=f"{registered_on}T09:00:00+03:00"),
            format="json",
        )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["registered_on"] == registered_on
    assert created["due_date"] == due_date
    assert created["status"] == "registered"
    detail = api.get(f"/api/v1/appeals/{created['id']}/").json()
    assert detail["number"] == created["number"] and detail["author"]["name"] == "Петрова Анна"
    assert AuditEntry.objects.filter(action="pd.read.appeal", object_id=str(created["id"])).count() == 1


@pytest.mark.django_db
def test_errors_come_in_the_common_format(organisation):
    api = client_for(member(organisation, RoleCode.REGISTRAR))
    response = api.post("/api/v1/appeals/", body(author={"first_name": "Анна"}), format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": "author.last_name", "message": "Укажите фамилию."}]}
    response = api.post("/api/v1/appeals/", body(kind="petition"), format="json")
    assert response.json()["errors"][0]["field"] == "kind"
    response = api.post("/api/v1/appeals/", body(organization="nowhere"), format="json")
    assert response.json() == {"errors": [{"field": "organization", "message": "Нет такой организации."}]}


@pytest.mark.django_db
def test_a_client_key_may_submit_through_the_api_but_not_backdate(organisation):
    api = client_for(member(organisation, RoleCode.INTERNAL_CLIENT))
    response = api.post("/api/v1/appeals/", body(channel="api", registered_on="2026-01-12"), format="json")
    assert response.json()["errors"][0]["field"] == "registered_on"
    response = api.post("/api/v1/appeals/", body(channel="api", submission_key="abc"), format="json")
    assert response.status_code == 201 and response.json()["access_code"]
    again = api.post("/api/v1/appeals/", body(channel="api", submission_key="abc"), format="json")
    assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
    assert APIClient().post("/api/v1/appeals/", body(), format="json").status_code == 401


@pytest.mark.django_db
def test_extend_once_and_forward(organisation):
    api = client_for(member(organisation, RoleCode.REGISTRAR, RoleCode.CONTROLLER))
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, tzinfo=MSK), tick=False):
        created = api.post("/api/v1/appeals/", body(received_at="2026-04-01T09:00:00+03:00"), format="json").json()
        assert created["due_date"] == "2026-04-30"
        too_long = api.post(f"/api/v1/appeals/{created['id']}/extend/", {"days": 45, "reason": "x"}, format="json")
        assert too_long.status_code == 400 and too_long.json()["errors"][0]["field"] == "days"
        extended = api.post(f"/api/v1/appeals/{created['id']}/extend/", {"days": 30, "reason": "Запрос"}, format="json")
        assert extended.json()["due_date"] == "2026-05-29"
        second = api.post(f"/api/v1/appeals/{created['id']}/extend/", {"days": 1, "reason": "Ещё"}, format="json")
        assert second.status_code == 400
        forwarded = api.post(
            f"/api/v1/appeals/{created['id']}/forward/",
            {"to_body": "Минприроды", "reason": "вне компетенции"},
            format="json",
        )
    assert forwarded.json()["status"] == "forwarded"


@pytest.mark.django_db
def test_appeals_of_another_body_are_not_visible(organisation):
    from otklik.orgs.tests.factories import OrganisationFactory

    own = client_for(member(organisation, RoleCode.REGISTRAR))
    created = own.post("/api/v1/appeals/", body(received_at="2026-04-01T09:00:00+03:00"), format="json").json()
    stranger = client_for(member(OrganisationFactory(), RoleCode.REGISTRAR))
    assert stranger.get(f"/api/v1/appeals/{created['id']}/").status_code == 404
    assert (
        stranger.post(f"/api/v1/appeals/{created['id']}/extend/", {"days": 1, "reason": "x"}, format="json").status_code
        == 404
    )


def test_appeal_endpoints_are_in_the_schema(client, db):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/appeals/",
        "/api/v1/appeals/{id}/",
        "/api/v1/appeals/{id}/extend/",
        "/api/v1/appeals/{id}/forward/",
    ):
        assert path in schema


@pytest.mark.django_db
def test_public_status_lookup_by_number_and_code(organisation):
    api = client_for(member(organisation, RoleCode.INTERNAL_CLIENT))
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, tzinfo=MSK), tick=False):
        created = api.post(
            "/api/v1/appeals/", body(channel="api", received_at="2026-04-01T09:00:00+03:00"), format="json"
        ).json()
        anonymous = APIClient()
        found = anonymous.post(
            "/api/v1/status/",
            {"organization": "testorg", "number": created["number"], "access_code": created["access_code"].lower()},
            format="json",
        )
    assert found.status_code == 200
    assert found.json() | {"answer": None} == {
        "number": created["number"],
        "kind": "appeal",
        "status": "registered",
        "status_label": "Зарегистрировано",
        "registered_on": "2026-04-01",
        "due_date": "2026-04-30",
        "days_left": 29,
        "answer": None,
    }
    wrong = anonymous.post(
        "/api/v1/status/",
        {"organization": "testorg", "number": created["number"], "access_code": "AAAA-AAAA"},
        format="json",
    )
    assert wrong.status_code == 404
    assert wrong.json()["errors"][0]["message"] == "Обращение с таким номером и кодом доступа не найдено."
    missing = anonymous.post(
        "/api/v1/status/", {"organization": "nowhere", "number": "1", "access_code": "x"}, format="json"
    )
    assert missing.status_code == 404
