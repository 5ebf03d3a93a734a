"""The contact centre's pages as staff use them: the call card with greeting and scripts, no duplicate on a second
press, the call log with filters in few queries, «Зарегистрировать обращение», the upload, and who sees what."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from otklik.appeals.models import Appeal
from otklik.channels.calls_services import phone_script_save
from otklik.channels.models import CallRecord, PhoneLine
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .calls_factories import MONDAY_10, VLAT, call, call_body, cc_operator
from .test_calls_import import GOOD_CSV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=VLAT)


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def body():
    return call_body()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _card(body, submission_key="key-1", **changes):
    services = PhoneLine.objects.get(organisation=body, code="services")
    data = {
        "submission_key": submission_key,
        "line": services.pk,
        "direction": "in",
        "started_at": "2026-03-02T11:50",
        "call_id": "",
        "wait_seconds": "40",
        "talk_seconds": "200",
        "wrap_seconds": "30",
        "hold_seconds": "0",
        "transfers": "1",
        "outcome": "answered",
        "first_contact_resolved": "1",
        "unanswered_outcome": "transferred",
        "topic_code": "",
        "greeted_with_body_name": "on",
        "operator_named": "on",
        "transfer_announced": "on",
        "satisfaction_asked": "on",
        "satisfied": "1",
        "notes": "Спрашивал о продлении лицензии",
    }
    data.update(changes)
    return data


def test_the_card_shows_the_greeting_and_scripts_and_a_second_press_logs_one_call(body):
    operator = cc_operator(body, last_name="Иванова", first_name="Мария", middle_name="Петровна")
    deputy = member(body, RoleCode.CC_DEPUTY_HEAD)
    services = PhoneLine.objects.get(organisation=body, code="services")
    phone_script_save(
        actor=deputy,
        organisation=body,
        line=services,
        title="Лицензия",
        question="Как продлить лицензию?",
        text="Лицензия действует бессрочно; продлевать её не нужно.",
    )
    client = _client(operator)
    html = client.get("/staff/channels/calls/new/").content.decode()
    assert f"{body.name}, Иванова Мария Петровна" in html
    assert "Как продлить лицензию?" in html and "Госуслуги" in html
    first = client.post("/staff/channels/calls/new/", _card(body))
    assert first.status_code == 302, first.content.decode()[first.content.decode().find("error") :][:600]
    second = client.post("/staff/channels/calls/new/", _card(body))
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    record = CallRecord.objects.get()
    assert record.operator == operator and record.source == "manual" and record.call_id.startswith("manual-")
    assert record.started_at == dt.datetime(2026, 3, 2, 11, 50, tzinfo=VLAT)
    assert (record.wait_seconds, record.talk_seconds, record.transfers) == (40, 200, 1)
    assert record.satisfaction_asked and record.satisfied and record.first_contact_resolved
    assert record.greeted_with_body_name and record.operator_named and record.transfer_announced
    assert record.unanswered_outcome == "transferred"
    assert AuditEntry.objects.filter(action="call_record.created").count() == 1
    assert "Иванова Мария Петровна" in client.get(first["Location"]).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"wait_seconds": "-5"}, "Убедитесь, что это значение больше либо равно 0."),
        ({"satisfaction_asked": "", "satisfied": "1"}, "Ответ об удовлетворённости указан, а вопрос не задан."),
        ({"started_at": "2026-03-02T18:00"}, "Звонок не может начаться в будущем."),
        ({"topic_code": "0001.0002"}, "В классификаторе нет темы с кодом «0001.0002»."),
    ],
)
def test_bad_card_input_is_told_and_nothing_is_written(body, changes, message):
    client = _client(cc_operator(body))
    response = client.post("/staff/channels/calls/new/", _card(body, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CallRecord.objects.exists()


def test_the_log_filters_pages_in_few_queries_and_an_operator_sees_only_his_calls(body):
    ivanova = cc_operator(body, "ivanova")
    petrova = cc_operator(body, "petrova")
    head = member(body, RoleCode.HEAD)
    appeals_line = PhoneLine.objects.get(organisation=body, code="appeals")
    for n in range(60):
        call(body, f"i-{n}", operator=ivanova, started_at=MONDAY_10 - dt.timedelta(hours=n), talk_seconds=n)
    call(body, "p-1", operator=petrova, line=appeals_line, talk_seconds=777)
    client = _client(head)
    client.get("/staff/channels/calls/")  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/channels/calls/")
    assert response.status_code == 200
    assert len(queries) <= 12, [q["sql"] for q in queries.captured_queries]
    html = response.content.decode()
    assert "Звонков: 61" in html and "страница 1 из 2" in html
    html = client.get(f"/staff/channels/calls/?line={appeals_line.pk}").content.decode()
    assert "1 звонок" in html and "777" in html
    html = client.get(f"/staff/channels/calls/?operator={petrova.pk}").content.decode()
    assert "1 звонок" in html
    html = client.get("/staff/channels/calls/?date_from=2026-03-02&date_to=2026-03-02").content.decode()
    assert "Звонков: 12" in html  # ivanova's 10:00 back to 00:00 local, and petrova's at 10:00
    own = _client(petrova).get("/staff/channels/calls/").content.decode()
    assert "1 звонок" in own and "777" in own
    mine = CallRecord.objects.get(call_id="i-0")
    assert _client(petrova).get(f"/staff/channels/calls/{mine.pk}/").status_code == 404


def test_register_appeal_from_the_call_gives_a_phone_appeal_linked_back_once(body):
    operator = cc_operator(body)
    record = call(body, "c-1", operator=operator, notes="Жалоба на задержку выдачи лицензии")
    client = _client(operator)
    html = client.get(f"/staff/channels/calls/{record.pk}/").content.decode()
    assert "Жалоба на задержку выдачи лицензии</textarea>" in html  # the intake is prefilled from the call
    form = {
        "submission_key": "appeal-key-1",
        "last_name": "Сидоров",
        "first_name": "Пётр",
        "email": "sidorov@example.org",
        "text": "Жалоба на задержку выдачи лицензии",
    }
    first = client.post(f"/staff/channels/calls/{record.pk}/appeal/", form)
    second = client.post(f"/staff/channels/calls/{record.pk}/appeal/", form)
    assert first.status_code == second.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.channel == "phone" and appeal.received_at == record.started_at
    record.refresh_from_db()
    assert record.appeal == appeal
    html = client.get(f"/staff/channels/calls/{record.pk}/").content.decode()
    assert f"/staff/appeals/{appeal.pk}/" in html or f"№ {appeal.number}" in html
    assert AuditEntry.objects.filter(action="call_record.appeal_registered").count() == 1


def test_a_registrar_or_operator_of_another_body_gets_404(body):
    record = call(body, "c-1", operator=cc_operator(body))
    other = call_body(slug="other")
    for stranger in (member(other, RoleCode.REGISTRAR), cc_operator(other, "stranger")):
        client = _client(stranger)
        assert client.get(f"/staff/channels/calls/{record.pk}/").status_code == 404
        response = client.post(f"/staff/channels/calls/{record.pk}/appeal/", {"submission_key": "k", "text": "x"})
        assert response.status_code == 404
    assert not Appeal.objects.exists()
    executor = member(body, RoleCode.EXECUTOR)
    assert _client(executor).get("/staff/channels/calls/").status_code == 403
    assert _client(executor).get(f"/staff/channels/calls/{record.pk}/").status_code == 404


def test_the_upload_page_imports_a_file_and_lists_errors_of_a_bad_one(body):
    operator = cc_operator(body, "ivanova")
    cc_operator(body, "petrova", last_name="Петрова", first_name="Анна", middle_name="Сергеевна")
    client = _client(operator)
    bad = GOOD_CSV.replace(",30,240,", ",-30,240,")
    response = client.post(
        "/staff/channels/calls/import/",
        {"file_format": "csv", "file": SimpleUploadedFile("calls.csv", bad.encode())},
    )
    assert response.status_code == 400
    assert "строка 2: wait_seconds: отрицательное число секунд (-30)" in response.content.decode()
    assert not CallRecord.objects.exists()
    response = client.post(
        "/staff/channels/calls/import/",
        {"file_format": "csv", "file": SimpleUploadedFile("calls.csv", GOOD_CSV.encode())},
        follow=True,
    )
    assert "Загружено звонков: 4; уже были загружены раньше: 0." in response.content.decode()
    assert CallRecord.objects.count() == 4
