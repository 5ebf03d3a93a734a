"""Threat: text typed by people starts with a formula trigger and runs when an exported XLSX or CSV is opened."""

import codecs
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from otklik.core.spreadsheets import Table, csv_bytes, safe_cell, xlsx_tables

TYPED = ['=HYPERLINK("http://evil","x")', "+1+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", TYPED)
def test_text_starting_with_a_formula_trigger_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        -5,
        -2.5,
        Decimal("-1.5"),
        0,
        dt.date(2026, 4, 1),
        dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.UTC),
        None,
        True,
        "Обращение",
        "",
    ],
)
def test_numbers_dates_and_ordinary_text_stay_as_they_are(value):
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


def test_lazy_translations_are_escaped_as_text():
    assert safe_cell(gettext_lazy("-2+3")) == "'-2+3"


def test_xlsx_tables_keep_numbers_and_dates_and_make_text_inert():
    day = dt.date(2026, 4, 1)
    content = xlsx_tables([Table("=Лист", ["=Заголовок", "Число"], [[text, -3, day] for text in TYPED])])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "'=Заголовок"
    for row, text in zip(sheet.iter_rows(min_row=2), TYPED, strict=True):
        assert (row[0].value, row[0].data_type) == ("'" + text, "s")
        assert (row[1].value, row[1].data_type) == (-3, "n")
        assert row[2].value.date() == day and row[2].data_type == "d"


def test_csv_has_a_bom_for_excel_and_inert_text():
    content = csv_bytes([["name", "count"], *[[text, -3] for text in TYPED]])
    assert content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(content[len(codecs.BOM_UTF8) :].decode("utf-8"), newline="")))
    assert rows[0] == ["name", "count"]
    assert rows[1:] == [["'" + text, "-3"] for text in TYPED]
