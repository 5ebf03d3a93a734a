"""XLSX workbooks of plain tables (analysis exports): one sheet per table, bold header, frozen first row."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


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
        sheet.append(list(table.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        for index, heading in enumerate(table.header, start=1):
            longest = max([len(str(heading)), *(len(str(row[index - 1])) for row in table.rows if len(row) >= index)])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
