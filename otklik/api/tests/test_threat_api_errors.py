"""Every answer under /api/ and /open311/ is the documented error body, never an HTML page or a traceback:
unknown and malformed paths, a wrong method, a refused host, a CSRF failure and an unhandled exception."""

import json
import logging
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from rest_framework.exceptions import APIException
from rest_framework.test import APIClient

from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .failing_urls import SECRET_DETAIL

pytestmark = pytest.mark.django_db


def api_errors(response, status: int) -> list[dict]:
    """The documented body: {"errors": [{"field": …, "message": …}]}, as JSON, with the status asked for."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == {"errors"} and body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"field", "message"} and error["message"], error
    return body["errors"]


def open311_error(response, fmt: str, status: int) -> str:
    """Open311's own format: [{"code": 404, "description": "…"}] or <errors><error><code>…."""
    assert response.status_code == status, response.content[:300]
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        [error] = json.loads(response.content)
        assert error["code"] == status
        return error["description"]
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)  # noqa: S314  (our own server's answer)
    assert root.tag == "errors" and root.find("error/code").text == str(status)
    return root.find("error/description").text


@pytest.mark.parametrize(
    "path",
    ["/api/", "/api/v1/no-such-thing/", "/api/v1/appeals/not-a-number/", "/api/v1/appeals/1/%ff/", "/api/v2/"],
)
def test_unknown_or_malformed_api_paths_answer_json_404(path):
    response = APIClient().get(path)
    [error] = api_errors(response, 404)
    assert error["field"] is None
    assert b"<html" not in response.content.lower()


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_json_errors_too_not_the_browsable_api_page():
    response = APIClient().get("/api/v1/organizations/nope/", HTTP_ACCEPT=BROWSER_ACCEPT)
    api_errors(response, 404)


def test_a_wrong_method_answers_json_405():
    api_errors(APIClient().delete("/api/v1/organizations/"), 405)


def test_a_refused_host_answers_json_400_under_api():
    response = APIClient().get("/api/v1/organizations/", HTTP_HOST="attacker.example")
    api_errors(response, 400)


def test_a_session_call_without_csrf_token_answers_json_403(organisation):
    user = member(organisation, RoleCode.REGISTRAR)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/v1/appeals/", {"organization": "testorg"}, format="json")
    [error] = api_errors(response, 403)
    assert "CSRF" in error["message"]


@pytest.mark.urls("otklik.api.tests.failing_urls")
def test_django_csrf_failure_under_api_answers_json_403():
    response = Client(enforce_csrf_checks=True).post("/api/v1/plain-form/", {"a": "b"})
    api_errors(response, 403)


@pytest.mark.urls("otklik.api.tests.failing_urls")
def test_an_unhandled_exception_in_an_api_view_answers_json_500_and_is_logged(caplog):
    client = APIClient(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/broken/")
    [error] = api_errors(response, 500)
    assert error["message"] == str(APIException.default_detail)  # "A server error occurred.", translated
    assert SECRET_DETAIL not in response.content.decode() and "Traceback" not in response.content.decode()
    logged = [record for record in caplog.records if record.exc_info and SECRET_DETAIL in str(record.exc_info[1])]
    assert logged, "the exception and its traceback go to the log"
    assert logged[0].levelno == logging.ERROR and "/api/v1/broken/" in logged[0].getMessage()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_open311_path_answers_in_open311_format(fmt):
    description = open311_error(Client().get(f"/open311/v2/no-such-thing.{fmt}"), fmt, 404)
    assert description


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_wrong_method_on_open311_answers_in_open311_format(fmt):
    response = Client().delete(f"/open311/v2/discovery.{fmt}")
    open311_error(response, fmt, 405)
    assert response["Allow"] == "GET"


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.urls("otklik.api.tests.failing_urls")
def test_an_unhandled_exception_in_open311_answers_in_open311_format(fmt):
    response = Client(raise_request_exception=False).get(f"/open311/v2/broken.{fmt}")
    description = open311_error(response, fmt, 500)
    assert SECRET_DETAIL not in description


def test_pages_outside_the_api_keep_their_html_error_pages():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
