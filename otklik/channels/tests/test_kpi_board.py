"""The KPI board as staff use it: breaches in words and colour, operators, weekly charts, XLSX and PDF, the panel."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .kpi_factories import KHV, call, cc_body, cc_operator, deputy, phone_line

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=KHV)
URL = "/staff/channels/contact-centre/kpi/"


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def body():
    return cc_body()


@pytest.fixture
def line(body):
    line = phone_line(body)
    ivanov = cc_operator(body)
    ivanov.first_name, ivanov.last_name = "Иван", "Иванов"
    ivanov.save()
    call(line, dt.datetime(2026, 3, 2, 10, tzinfo=KHV), operator=ivanov, wait_seconds=400)
    call(line, dt.datetime(2026, 3, 10, 10, tzinfo=KHV), operator_name="Петрова", wait_seconds=10)
    return line


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_deputy_sees_the_breach_in_words_and_every_operator(body, line):
    html = _client(deputy(body)).get(URL, {"period": "month", "day": "2026-03-05"}).content.decode()
    assert "01.03.2026 – 31.03.2026" in html
    assert "Нарушена 1 норма:" in html
    assert "ожидание в очереди дольше нормы" in html
    assert 'class="kpi-breach"' in html
    assert "Иван Иванов" in html and "Петрова" in html
    assert "Динамика по неделям" in html and "<svg" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "<style" not in html  # CSP: static files only


def test_a_week_without_the_long_wait_shows_the_norms_kept(body, line):
    html = _client(deputy(body)).get(URL, {"period": "week", "day": "2026-03-10"}).content.decode()
    assert "09.03.2026 – 15.03.2026" in html
    assert "Нормы соблюдены." in html


def test_an_operator_sees_only_his_own_row(body, line):
    operator = cc_operator(body)
    html = _client(operator).get(URL).content.decode()
    assert "Петрова" not in html
    assert "Звонков операторов за период нет." in html


def test_other_staff_are_refused(body, line):
    assert _client(member(body, RoleCode.EXECUTOR)).get(URL).status_code == 403


def test_a_bad_period_falls_back_to_this_month(body, line):
    response = _client(deputy(body)).get(URL, {"period": "decade", "day": "2026-02-31"})
    assert response.status_code == 200
    assert "01.03.2026 – 31.03.2026" in response.content.decode()


def test_xlsx_export_reads_back_with_the_figures_and_the_breach(body, line):
    response = _client(deputy(body)).get(URL + "export.xlsx", {"period": "month", "day": "2026-03-05"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Итого", "services"]
    summary = list(workbook["Итого"].iter_rows(values_only=True))
    assert summary[1][2] == 2
    assert "ожидание в очереди дольше нормы" in summary[1][3]
    rows = {row[0]: row for row in workbook["services"].iter_rows(values_only=True) if row and row[0]}
    assert rows["Принятых звонков, ожидавших дольше нормы"][1:] == ("1", "ожидание не более 300 с", "нарушение")
    assert rows["Среднее ожидание в очереди, с"][1] == "205.0"
    assert "Петрова" in rows


def test_pdf_export_reads_back(body, line):
    response = _client(deputy(body)).get(URL + "export.pdf", {"period": "month", "day": "2026-03-05"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Показатели контакт-центра" in text
    assert "ожидание в очереди дольше нормы" in text
    assert "01.03.2026 – 31.03.2026" in text


def test_dashboard_panel_for_the_deputy_and_the_head_only(body, line):
    html = _client(deputy(body)).get("/staff/").content.decode()
    assert "Контакт-центр: нормы в этом месяце" in html
    assert "ожидание в очереди дольше нормы" in html
    head = _client(member(body, RoleCode.HEAD)).get("/staff/").content.decode()
    assert "Контакт-центр: нормы в этом месяце" in head
    operator = _client(cc_operator(body)).get("/staff/").content.decode()
    assert "Контакт-центр: нормы в этом месяце" not in operator


def test_the_panel_keeps_the_month_figures_for_five_minutes(body, line):
    client = _client(deputy(body))
    client.get("/staff/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/staff/").content.decode()
    assert "ожидание в очереди дольше нормы" in html
    assert not [query for query in queries if "channels_callrecord" in query["sql"]]


def test_the_service_level_board_shows_the_lines_norms_to_the_deputy(body, line):
    html = _client(deputy(body)).get("/staff/service-levels/").content.decode()
    tile = html[html.index("Контакт-центр") :]
    assert "Линия по государственным услугам" in tile and "ожидание в очереди дольше нормы" in tile
    assert "/staff/channels/contact-centre/kpi/" in tile
    operator_page = _client(cc_operator(body)).get("/staff/service-levels/")
    assert operator_page.status_code == 404  # the board is the deputy's and the head's
