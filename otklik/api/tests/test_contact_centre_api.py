"""GET /api/v1/contact-centre/kpi/: a line's KPIs as JSON for the body's contact-centre staff; bad periods → 400."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from otklik.channels.tests.kpi_factories import KHV, call, cc_body, cc_operator, deputy, phone_line
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

pytestmark = pytest.mark.django_db
URL = "/api/v1/contact-centre/kpi/"
KEYS = {
    "calls",
    "answered",
    "lost",
    "avg_wait_seconds",
    "max_wait_seconds",
    "waits_over_threshold",
    "first_contact_resolution_percent",
    "transfer_coefficient",
    "calls_over_two_transfers",
    "lost_breach_days",
    "avg_handling_seconds",
    "avg_talk_seconds",
    "satisfaction_asked_percent",
    "satisfied_percent",
    "breaches",
}


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def body():
    return cc_body()


@pytest.fixture
def line(body):
    line = phone_line(body)
    call(line, dt.datetime(2026, 3, 2, 10, tzinfo=KHV), wait_seconds=400, talk_seconds=200, wrap_seconds=20)
    call(line, dt.datetime(2026, 3, 3, 10, tzinfo=KHV), wait_seconds=20, talk_seconds=100, first_contact_resolved=False)
    call(line, dt.datetime(2026, 3, 3, 11, tzinfo=KHV), outcome="lost", wait_seconds=60)
    return line


def query(**overrides):
    params = {"organization": "minsoc", "line": "services", "from": "2026-03-01", "to": "2026-03-31"}
    params.update(overrides)
    return params


@pytest.mark.parametrize("role", [RoleCode.CC_OPERATOR, RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD])
def test_contact_centre_staff_get_the_figures_with_the_breaches(body, line, role):
    response = client_for(member(body, role)).get(URL, query())
    assert response.status_code == 200
    data = response.json()
    assert set(data) == KEYS
    assert data["calls"] == 3
    assert data["answered"] == 2
    assert data["lost"] == 1
    assert data["avg_wait_seconds"] == 210.0
    assert data["max_wait_seconds"] == 400
    assert data["waits_over_threshold"] == 1
    assert data["first_contact_resolution_percent"] == 50.0
    assert data["avg_handling_seconds"] == (400 + 200 + 20 + 20 + 100 + 30) / 2
    assert data["breaches"] == ["queue_wait_max_seconds", "first_contact_resolution_min_percent"]


def test_the_period_is_inclusive_and_in_the_body_time_zone(body, line):
    data = client_for(deputy(body)).get(URL, query(**{"from": "2026-03-03", "to": "2026-03-03"})).json()
    assert (data["calls"], data["answered"], data["breaches"]) == (2, 1, ["first_contact_resolution_min_percent"])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"from": "2026-04-01", "to": "2026-03-01"}, "from"),
        ({"from": "2025-01-01", "to": "2026-03-01"}, "to"),
        ({"from": "2026-02-30"}, "from"),
        ({"to": "31.03.2026"}, "to"),
        ({"line": "nosuchline"}, "line"),
        ({"line": ""}, "line"),
    ],
)
def test_bad_queries_are_400_in_the_api_format(body, line, overrides, field):
    response = client_for(deputy(body)).get(URL, query(**overrides))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == [field]
    assert all(error["message"] for error in errors)


def test_a_400_day_period_is_allowed(body, line):
    response = client_for(deputy(body)).get(URL, query(**{"from": "2025-04-05", "to": "2026-05-09"}))
    assert response.status_code == 200


def test_staff_without_a_contact_centre_role_are_refused(body, line):
    response = client_for(member(body, RoleCode.REGISTRAR)).get(URL, query())
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"]


def test_another_body_staff_and_anonymous_callers_learn_nothing(body, line):
    other = cc_body(slug="minfin")
    response = client_for(deputy(other)).get(URL, query())
    assert response.status_code == 404
    assert "calls" not in response.json()
    assert APIClient().get(URL, query()).status_code in (401, 403)


def test_an_operator_of_another_body_cannot_read_its_line_by_naming_his_own_body(body, line):
    other = cc_body(slug="minfin")
    response = client_for(cc_operator(other)).get(URL, query(organization="minfin"))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "line"
