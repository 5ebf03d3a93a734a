"""Every download re-read with its own library says what the page says, in the template's layout."""

import csv
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from otklik.touchpoints.exports import HEADERS, export_csv, export_docx, export_json, export_pdf, export_xlsx
from otklik.touchpoints.snapshots import template_rows

from .factories import approved_registry


@pytest.fixture
def version(organisation):
    return approved_registry(organisation)


def _docx_rows(content: bytes) -> list[list[str]]:
    table = Document(io.BytesIO(content)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.mark.django_db
def test_docx_has_the_approval_line_title_and_merged_process_cells(version):
    document = Document(io.BytesIO(export_docx(version)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "УТВЕРЖДЕН приказом Министерства от 19.03.2024 № 27/01-01"
    assert paragraphs[1].startswith("ПЕРЕЧЕНЬ\nточек взаимодействия с клиентом")
    rows = _docx_rows(export_docx(version))
    assert rows[0] == HEADERS
    assert rows[1] == [
        "1",
        "Информирование",
        "Официальный сайт Министерства\nhttps://minprom.example.ru/",
        "получение информации",
        "Цифровая точка",
    ]
    # the merged № and process cells read the same on every row they span
    assert rows[2][:2] == ["1", "Информирование"]
    assert rows[2][2] == "Телефонная связь\n+7 (4812) 29-25-09; +7(4812) 29-24-91"
    assert rows[3][:2] == ["2", "Консультирование"]
    table = document.tables[0]
    assert table.cell(1, 1)._tc is table.cell(2, 1)._tc  # really merged, not repeated


@pytest.mark.django_db
def test_xlsx_matches_the_rows_and_merges_process_cells(version):
    sheet = load_workbook(io.BytesIO(export_xlsx(version))).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0].startswith("УТВЕРЖДЕН")
    assert values[1][0].startswith("ПЕРЕЧЕНЬ точек взаимодействия")
    assert list(values[3]) == HEADERS
    expected = template_rows(version.snapshot)
    for row, line in zip(expected, values[4:], strict=True):
        assert line[2] == "\n".join(filter(None, [row.touchpoint, row.address]))
        assert line[3] == "\n".join(row.needs)
    assert "A5:A6" in {str(r) for r in sheet.merged_cells.ranges}


@pytest.mark.django_db
def test_pdf_reads_back_with_the_table(version):
    reader = PdfReader(io.BytesIO(export_pdf(version)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape, as the annex
    for fragment in (
        "ПЕРЕЧЕНЬ",
        "Процесс взаимодействия с клиентом",
        "Консультирование",
        "29-25-09",
        "Офлайн-точка",
        "Версия 1",
    ):
        assert fragment in text


@pytest.mark.django_db
def test_open_data_csv_and_json(version):
    rows = list(csv.DictReader(io.StringIO(export_csv(version).decode("utf-8-sig"))))
    assert len(rows) == 3
    assert rows[1]["process"] == "Информирование" and rows[1]["channel_type"] == "phone"
    assert rows[2]["need_codes"] == "get_consultation"
    data = json.loads(export_json(version))
    assert data["version"] == 1
    assert data["processes"][0]["touchpoints"][0]["needs"] == [
        {"code": "get_information", "text": "получение информации"}
    ]
