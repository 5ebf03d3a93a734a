"""Threat: a formula typed into a body's or a unit's name runs when the quarterly analysis XLSX is opened."""

import io

import pytest
from openpyxl import load_workbook

from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil","x")'


def test_a_formula_in_the_body_name_stays_text_in_the_quarterly_xlsx(organisation, client):
    organisation.name = organisation.short_name = HYPERLINK
    organisation.save()
    client.force_login(member(organisation, RoleCode.CONTROLLER))
    book = load_workbook(io.BytesIO(client.get("/staff/analysis/quarterly.xlsx?year=2026&quarter=2").content))
    summary = {row[0].value: row[1] for row in book["Итого"].iter_rows()}
    body = summary["Организация"]
    assert (body.value, body.data_type) == ("'" + HYPERLINK, "s")
    total = summary["Обращений и запросов"]
    assert (total.value, total.data_type) == (0, "n")  # counts stay numbers
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
