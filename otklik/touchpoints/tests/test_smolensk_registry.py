"""The Smolensk preset reproduces the approved registry of order 27/01-01 row for row, on the page and in files."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from otklik.touchpoints.models import RegistryVersion
from otklik.touchpoints.snapshots import template_rows

from .smolensk_order_table import ROWS


@pytest.fixture
def smolensk(db):
    call_command("load_preset", "smolensk", stdout=StringIO())
    return RegistryVersion.objects.get(organisation__slug="smolensk")


def _expected_cells(row):
    number, process, name, address, needs, kind = row
    return str(number), process, "\n".join(filter(None, [name, address])), "\n".join(needs), kind


def test_version_one_is_the_order_table(smolensk):
    assert smolensk.number == 1 and smolensk.published_at is not None
    rows = template_rows(smolensk.snapshot)
    assert len({row[0] for row in ROWS}) == 5
    assert [(r.number, r.process, r.touchpoint, r.address, r.needs, r.kind_label) for r in rows] == [
        tuple(row) for row in ROWS
    ]


def test_docx_download_matches_the_order_row_for_row(client, smolensk):
    content = client.get("/o/smolensk/registry.docx").content
    table = Document(io.BytesIO(content)).tables[0]
    cells = [tuple(cell.text for cell in row.cells) for row in table.rows[1:]]
    assert cells == [_expected_cells(row) for row in ROWS]


def test_xlsx_download_matches_the_order_row_for_row(client, smolensk):
    sheet = load_workbook(io.BytesIO(client.get("/o/smolensk/registry.xlsx").content)).active
    lines = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(lines) == len(ROWS)
    previous = (None, None)
    for line, row in zip(lines, ROWS, strict=True):
        number, process = (str(line[0]), line[1]) if line[0] is not None else previous
        previous = (number, process)
        assert (number, process, line[2], line[3], line[4]) == _expected_cells(row)


def test_public_page_shows_the_order_table(client, smolensk):
    html = client.get("/o/smolensk/registry/").content.decode()
    assert "УТВЕРЖДЕН приказом Министерства промышленности и торговли Смоленской области" in html
    for _number, process, name, _address, needs, _kind in ROWS:
        assert process in html and name.replace('"', "&quot;") in html
        for need in needs:
            assert need.replace('"', "&quot;") in html
