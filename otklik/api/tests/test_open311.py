"""Open311 GeoReport v2 conformance, per endpoint and in both formats (jurisdiction_id = the organisation's code)."""

import datetime as dt
import json
import xml.etree.ElementTree as ET
import zoneinfo

import pytest
import time_machine

from otklik.api.services import api_key_issue
from otklik.appeals.choices import AppealStatus, IntakeChannel
from otklik.appeals.models import Appeal, ClassifierNode
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.orgs.tests.factories import OrganisationFactory

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
BASE = "/open311/v2"


def body(response, fmt):
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        return json.loads(response.content)
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314  (our own response)


def assert_error(response, fmt, code):
    assert response.status_code == code
    parsed = body(response, fmt)
    if fmt == "json":
        assert isinstance(parsed, list) and parsed[0]["code"] == code and parsed[0]["description"]
    else:
        assert parsed.tag == "errors" and parsed.find("error/code").text == str(code)
        assert parsed.find("error/description").text


@pytest.fixture
def section(db):
    return ClassifierNode.objects.create(
        code="0003.0000.0000.0000", name="Экономика", level=1, section_code="0003", edition="t"
    )


@pytest.fixture
def key(organisation):
    return api_key_issue(organisation=organisation, name="Open311 client", contact_email="dev@example.org").raw


def register(organisation, when, **extra):
    with time_machine.travel(when, tick=False):
        return appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(
                kind=extra.pop("kind", "appeal"),
                channel=IntakeChannel.PORTAL,
                text="Личный текст автора",
                author={"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"},
                **extra,
            ),
        ).appeal


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.django_db
def test_discovery(client, fmt):
    parsed = body(client.get(f"{BASE}/discovery.{fmt}"), fmt)
    if fmt == "json":
        endpoint = parsed["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert set(endpoint["formats"]) == {"text/xml", "application/json"} and endpoint["url"].endswith("/open311/v2/")
    else:
        assert parsed.tag == "discovery"
        assert parsed.find("endpoints/endpoint/specification").text == "http://wiki.open311.org/GeoReport_v2"
        assert [f.text for f in parsed.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.django_db
def test_services_and_definitions(client, organisation, section, fmt):
    parsed = body(client.get(f"{BASE}/services.{fmt}?jurisdiction_id=testorg"), fmt)
    if fmt == "json":
        codes = [s["service_code"] for s in parsed]
        assert codes == ["appeal", "request", "0003"]
        assert {"service_name", "description", "metadata", "type", "keywords", "group"} <= set(parsed[0])
        assert all(isinstance(service["keywords"], str) for service in parsed)  # the spec: a comma-separated string
    else:
        assert parsed.tag == "services"
        assert [s.find("service_code").text for s in parsed.findall("service")] == ["appeal", "request", "0003"]
        assert parsed.find("service/metadata").text == "true" and parsed.find("service/type").text == "realtime"
    definition = body(client.get(f"{BASE}/services/0003.{fmt}?jurisdiction_id=testorg"), fmt)
    if fmt == "json":
        required = [a["code"] for a in definition["attributes"] if a["required"]]
        assert required == ["last_name", "first_name"]  # what the intake refuses a request without
        form = next(a for a in definition["attributes"] if a["code"] == "form")
        assert definition["service_code"] == "0003"
        assert form["datatype"] == "singlevaluelist" and {"key": "complaint", "name": "Жалоба"} in form["values"]
    else:
        assert definition.tag == "service_definition"
        assert "form" in [code.text for code in definition.findall("attributes/attribute/code")]
        assert "complaint" in [v.text for v in definition.findall("attributes/attribute/values/value/key")]
    assert_error(client.get(f"{BASE}/services.{fmt}"), fmt, 400)
    assert_error(client.get(f"{BASE}/services.{fmt}?jurisdiction_id=nowhere"), fmt, 404)
    assert_error(client.get(f"{BASE}/services/9999.{fmt}?jurisdiction_id=testorg"), fmt, 404)


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.django_db
def test_post_request_creates_a_real_appeal(client, organisation, section, key, fmt):
    form = {
        "jurisdiction_id": "testorg",
        "service_code": "0003",
        "api_key": key,
        "first_name": "Анна",
        "last_name": "Петрова",
        "email": "petrova@example.org",
        "description": "На улице Ленина не горят фонари.",
        "address_string": "ул. Ленина, 1",
        "attribute[form]": "complaint",
    }
    response = client.post(f"{BASE}/requests.{fmt}", form)
    assert response.status_code == 201
    parsed = body(response, fmt)
    if fmt == "json":
        request_id, token, notice = parsed[0]["service_request_id"], parsed[0]["token"], parsed[0]["service_notice"]
    else:
        assert parsed.tag == "service_requests"
        request_id = parsed.find("request/service_request_id").text
        token, notice = parsed.find("request/token").text, parsed.find("request/service_notice").text
    appeal = Appeal.objects.get(pk=int(request_id))
    assert appeal.channel == IntakeChannel.API and appeal.form == "complaint" and appeal.number in notice
    assert "ул. Ленина, 1" in appeal.text and appeal.questions.get().classifier.code == "0003.0000.0000.0000"
    tokens = body(client.get(f"{BASE}/tokens/{token}.{fmt}?jurisdiction_id=testorg"), fmt)
    found = tokens[0]["service_request_id"] if fmt == "json" else tokens.find("request/service_request_id").text
    assert found == request_id
    assert_error(client.get(f"{BASE}/tokens/o311-unknown.{fmt}?jurisdiction_id=testorg"), fmt, 404)
    assert_error(client.post(f"{BASE}/requests.{fmt}", {**form, "api_key": ""}), fmt, 403)
    assert_error(client.post(f"{BASE}/requests.{fmt}", {**form, "api_key": "otk_wrong"}), fmt, 403)
    assert_error(client.post(f"{BASE}/requests.{fmt}", {**form, "service_code": ""}), fmt, 400)
    assert_error(client.post(f"{BASE}/requests.{fmt}", {**form, "service_code": "9999"}), fmt, 404)
    assert_error(client.post(f"{BASE}/requests.{fmt}", {**form, "description": ""}), fmt, 400)
    assert_error(client.post(f"{BASE}/requests.{fmt}", {**form, "email": "", "first_name": ""}), fmt, 400)
    OrganisationFactory(slug="other")
    assert_error(client.post(f"{BASE}/requests.{fmt}", {**form, "jurisdiction_id": "other"}), fmt, 403)
    assert Appeal.objects.count() == 1  # nothing half-written by the refusals


@pytest.mark.django_db
def test_post_request_takes_the_key_and_jurisdiction_from_the_query_string(client, organisation, section, key):
    """The PyPI `open311` client, like other GeoReport v2 clients, sends api_key and jurisdiction_id in the URL."""
    form = {  # the author as the service definition's attributes, as a client that reads only attributes sends it
        "service_code": "appeal",
        "attribute[first_name]": "Анна",
        "attribute[last_name]": "Петрова",
        "attribute[email]": "petrova@example.org",
        "description": "Во дворе дома № 3 не вывозят мусор.",
    }
    response = client.post(f"{BASE}/requests.json?jurisdiction_id=testorg&api_key={key}", form)
    assert response.status_code == 201, response.content
    appeal = Appeal.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert appeal.channel == IntakeChannel.API and appeal.author.last_name == "Петрова"
    assert_error(client.post(f"{BASE}/requests.json?jurisdiction_id=testorg&api_key=otk_wrong", form), "json", 403)


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.django_db
def test_get_requests_with_filters_and_the_default_window(client, organisation, section, fmt):
    old = register(organisation, dt.datetime(2026, 1, 12, 11, tzinfo=MSK))
    recent = register(organisation, dt.datetime(2026, 4, 1, 11, tzinfo=MSK), kind="request")
    themed = register(
        organisation, dt.datetime(2026, 4, 2, 11, tzinfo=MSK), questions=[{"classifier_code": section.code}]
    )
    hidden = register(organisation, dt.datetime(2026, 4, 3, 11, tzinfo=MSK), for_official_use=True)
    Appeal.objects.filter(pk=themed.pk).update(status=AppealStatus.ANSWERED)

    def ids(query):
        response = client.get(f"{BASE}/requests.{fmt}?jurisdiction_id=testorg{query}")
        assert response.status_code == 200
        parsed = body(response, fmt)
        if fmt == "json":
            return [int(item["service_request_id"]) for item in parsed]
        return [int(item.find("service_request_id").text) for item in parsed.findall("request")]

    with time_machine.travel(dt.datetime(2026, 4, 20, 12, tzinfo=MSK)):
        assert ids("") == [themed.pk, recent.pk]  # 90 days back by default; «for official use» never listed
        assert ids("&start_date=2026-01-01T00:00:00%2B03:00&end_date=2026-02-01T00:00:00%2B03:00") == [old.pk]
        assert ids("&status=open") == [recent.pk]
        assert ids("&status=closed") == [themed.pk]
        assert ids("&status=open&status=closed") == ids("&status=open,closed") == [themed.pk, recent.pk]
        assert ids("&service_code=request") == [recent.pk]
        assert ids("&service_code=0003") == [themed.pk]
        assert ids(f"&service_request_id={old.pk},{hidden.pk},{recent.pk}&status=closed") == [recent.pk, old.pk]
        for query in (
            "&start_date=yesterday",
            "&status=pending",
            "&service_request_id=abc",
            "&start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
        ):
            assert_error(client.get(f"{BASE}/requests.{fmt}?jurisdiction_id=testorg{query}"), fmt, 400)
    one = client.get(f"{BASE}/requests/{themed.pk}.{fmt}?jurisdiction_id=testorg")
    parsed = body(one, fmt)
    item = parsed[0] if fmt == "json" else {child.tag: child.text for child in parsed.find("request")}
    assert item["status"] == "closed" and item["service_code"] == "0003" and item["agency_responsible"]
    assert item["description"] in ("", None) and "Петрова" not in one.content.decode()  # no personal data
    assert item["expected_datetime"].startswith(themed.governing_due_date.isoformat())
    assert_error(client.get(f"{BASE}/requests/{hidden.pk}.{fmt}?jurisdiction_id=testorg"), fmt, 404)
    assert_error(client.get(f"{BASE}/requests/999999.{fmt}?jurisdiction_id=testorg"), fmt, 404)


@pytest.mark.django_db
def test_a_format_outside_the_spec_is_not_served(client, organisation):
    assert client.get(f"{BASE}/services.yaml?jurisdiction_id=testorg").status_code == 404
