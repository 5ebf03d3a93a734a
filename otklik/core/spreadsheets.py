"""Spreadsheet files for people: XLSX tables and CSV, with typed text made inert so no formula runs when opened."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

# What makes Excel or LibreOffice read a cell's text as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that starts with a formula trigger gets a leading single quote; numbers and dates stay as they are.

    Every XLSX and CSV the project writes passes its cells through here: a touchpoint named
    `=HYPERLINK(...)` or an answer starting with `@SUM(` stays text for whoever opens the file.
    """
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF lines, every text cell made inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(safe_row(row))
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Table:
    """One sheet: its title (≤ 31 characters in Excel), the column headers and the rows."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]


def xlsx_tables(tables: Sequence[Table]) -> bytes:
    """Write each table to its own sheet and return the workbook's bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    default = workbook.active
    assert default is not None
    workbook.remove(default)
    for table in tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        sheet.append(safe_row(table.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(safe_row(row))
        for index, heading in enumerate(table.header, start=1):
            longest = max([len(str(heading)), *(len(str(row[index - 1])) for row in table.rows if len(row) >= index)])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
