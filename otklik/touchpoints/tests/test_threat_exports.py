"""Threat: a formula typed into the registry (a touchpoint's name, a need, a process) runs when the XLSX or CSV is opened."""

import codecs
import csv
import io

import pytest
from openpyxl import load_workbook

from otklik.touchpoints.services import registry_import_approved

from .factories import touchpoint

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil","x")'
PAYLOADS = [HYPERLINK, "+1+1", "@SUM(A1)", "-2+3"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def poisoned(organisation):
    """A published registry whose every typed field starts with a formula."""
    return registry_import_approved(
        organisation=organisation,
        title="Перечень точек взаимодействия",
        approval="-УТВЕРЖДЕН приказом от 19.03.2024",
        processes=[
            {
                "name": "\t=1+1 табуляция",
                "touchpoints": [
                    touchpoint(
                        name=name,
                        channel_type="post",
                        kind="offline",
                        address="-2+3" if name == HYPERLINK else "",
                        needs=[{"code": "get_information", "text": "@SUM(A1)"}],
                        features="+1+1",
                        accessibility_notes="=1+1",
                        legal_basis="@legal",
                    )
                    for name in PAYLOADS
                ],
            },
            {"name": "\r=2+2 возврат каретки", "touchpoints": [touchpoint(name="Почта России", channel_type="post")]},
        ],
        actor=None,
    )


def test_formulas_in_the_registry_xlsx_stay_text(poisoned, client):
    response = client.get("/o/testorg/registry.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]  # nothing is a formula
    texts = [cell.value for cell in cells if cell.data_type == "s"]
    assert not [text for text in texts if text.startswith(TRIGGERS)]
    for payload in PAYLOADS:
        assert any(text.startswith("'" + payload) for text in texts), payload
    assert "'\t=1+1 табуляция" in texts and "'\r=2+2 возврат каретки" in texts
    assert "'@SUM(A1)" in texts  # the need
    number = next(cell for cell in cells if cell.column == 1 and cell.row > 4)
    assert (number.value, number.data_type) == (1, "n")  # numbers stay numbers


def test_formulas_in_the_registry_csv_stay_text_and_excel_reads_utf8(poisoned, client):
    content = client.get("/o/testorg/registry.csv").content
    assert content.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row["touchpoint"] for row in rows] == ["'" + payload for payload in PAYLOADS] + ["Почта России"]
    assert rows[0]["process"] == "'\t=1+1 табуляция" and rows[4]["process"] == "'\r=2+2 возврат каретки"
    assert rows[0]["address"] == "'-2+3" and rows[0]["needs"] == "'@SUM(A1)"
    assert rows[0]["features"] == "'+1+1" and rows[0]["accessibility_notes"] == "'=1+1"
    assert rows[0]["legal_basis"] == "'@legal"
    fields = [value for row in rows for value in row.values() if value]
    assert not [value for value in fields if value.startswith(TRIGGERS)]
    assert rows[0]["number"] == "1" and rows[0]["is_key"] == "1"
