"""The registry as files in the official template's layout: DOCX, XLSX, PDF, and open data as CSV and JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from otklik.core.spreadsheets import csv_bytes, safe_row

from .choices import NeedCode
from .models import RegistryVersion
from .snapshots import TemplateRow, template_rows

HEADERS = [
    "№",
    "Процесс взаимодействия с клиентом",
    "Точка взаимодействия",
    "Удовлетворяемые потребности клиента",
    "Особенности взаимодействия с клиентом",
]
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def _local(moment: Any, version: RegistryVersion) -> str:
    return timezone.localtime(moment, version.organisation.tz).strftime("%d.%m.%Y") if moment else ""


def version_line(version: RegistryVersion) -> str:
    line = _("Версия %(n)s, утверждена %(approved)s") % {
        "n": version.number,
        "approved": _local(version.approved_at, version),
    }
    if version.published_at:
        line += _(", опубликована %(published)s") % {"published": _local(version.published_at, version)}
    return line


def title_lines(snapshot: dict[str, Any]) -> tuple[str, str]:
    """("ПЕРЕЧЕНЬ", the rest of the title), as the order's annex sets its heading."""
    title = snapshot["title"].strip()
    first, _sep, rest = title.partition(" ")
    if first.lower() == "перечень":
        return "ПЕРЕЧЕНЬ", rest
    return title, ""


def touchpoint_lines(row: TemplateRow) -> list[str]:
    return [part for part in (row.touchpoint, row.address) if part]


def registry_json(version: RegistryVersion) -> dict[str, Any]:
    """The published version as open data (also the API's body)."""
    snapshot = version.snapshot
    return {
        "organization": version.organisation.slug,
        "title": snapshot["title"],
        "approval": snapshot["approval"],
        "version": version.number,
        "reasons": version.reasons,
        "approved_at": version.approved_at.isoformat(),
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "processes": [
            {
                "number": process["number"],
                "name": process["name"],
                "touchpoints": [
                    {
                        "id": item["id"],
                        "name": item["name"],
                        "channel_type": item["channel_type"],
                        "kind": item["kind"],
                        "address": item["address"],
                        "needs": [
                            {"code": need["code"], "text": need["text"] or str(NeedCode(need["code"]).label)}
                            for need in item["needs"]
                        ],
                        "features": item["features"],
                        "is_key": item["is_key"],
                        "appeals_counted": item["appeals_counted"],
                        "legal_basis_kind": item["legal_basis_kind"],
                        "legal_basis": item["legal_basis"],
                        "accessibility_notes": item["accessibility_notes"],
                    }
                    for item in process["touchpoints"]
                ],
            }
            for process in snapshot["processes"]
        ],
    }


def export_json(version: RegistryVersion) -> bytes:
    return json.dumps(registry_json(version), ensure_ascii=False, indent=2).encode("utf-8")


CSV_COLUMNS = [
    "number",
    "process",
    "touchpoint",
    "address",
    "needs",
    "need_codes",
    "kind",
    "features",
    "channel_type",
    "is_key",
    "appeals_counted",
    "legal_basis_kind",
    "legal_basis",
    "accessibility_notes",
]


def export_csv(version: RegistryVersion) -> bytes:
    """Open data for Excel and machines alike: a BOM, and typed text that never runs as a formula."""
    rows: list[list[Any]] = [CSV_COLUMNS]
    for row in template_rows(version.snapshot):
        item = row.data
        rows.append(
            [
                row.number,
                row.process,
                row.touchpoint,
                row.address,
                "; ".join(row.needs),
                ";".join(need["code"] for need in item["needs"]),
                item["kind"],
                item["features"],
                item["channel_type"],
                int(item["is_key"]),
                int(item["appeals_counted"]),
                item["legal_basis_kind"],
                item["legal_basis"],
                item["accessibility_notes"],
            ]
        )
    return csv_bytes(rows)


def export_docx(version: RegistryVersion) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))

    snapshot = version.snapshot
    if snapshot["approval"]:
        approval = document.add_paragraph(snapshot["approval"])
        approval.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    first, rest = title_lines(snapshot)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(first).bold = True
    if rest:
        heading.add_run("\n" + rest).bold = True

    rows = template_rows(snapshot)
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(1.2), Cm(5.5), Cm(7.0), Cm(8.0), Cm(4.9)]
    header_cells = table.rows[0].cells
    for cell, text, width in zip(header_cells, HEADERS, widths, strict=True):
        cell.text = text
        cell.width = width
        cell.paragraphs[0].runs[0].bold = True
    repeat = OxmlElement("w:tblHeader")  # the header repeats on every page, as in the order's annex
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)

    group_start = None
    for row in rows:
        cells = table.add_row().cells
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
        if row.process_rows:
            group_start = cells
            cells[0].text, cells[1].text = str(row.number), row.process
        elif group_start is not None:
            cells[0].merge(group_start[0])
            cells[1].merge(group_start[1])
        _cell_lines(cells[2], touchpoint_lines(row))
        _cell_lines(cells[3], row.needs)
        _cell_lines(cells[4], [row.kind_label, *([row.features] if row.features else [])])
    document.add_paragraph(version_line(version)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cell_lines(cell: Any, lines: list[str]) -> None:
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def export_xlsx(version: RegistryVersion) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Перечень")
    snapshot = version.snapshot
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    first, rest = title_lines(snapshot)
    # Every cell goes through safe_row: names and needs are typed by people and must not run as formulas.
    sheet.append(safe_row([snapshot["approval"]]))
    sheet.append(safe_row([f"{first} {rest}".strip()]))
    sheet.append(safe_row([version_line(version)]))
    for line in (1, 2, 3):
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=len(HEADERS))
    sheet["A1"].alignment = Alignment(horizontal="right", wrap_text=True)
    sheet["A2"].font = Font(bold=True, size=13)
    sheet["A2"].alignment = Alignment(horizontal="center", wrap_text=True)
    sheet.row_dimensions[2].height = 36
    sheet.append(safe_row(HEADERS))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
    for column, width in zip("ABCDE", (6, 32, 45, 55, 28), strict=True):
        sheet.column_dimensions[column].width = width
    merges = []
    for row in template_rows(snapshot):
        sheet.append(
            safe_row(
                [
                    row.number if row.process_rows else None,
                    row.process if row.process_rows else None,
                    "\n".join(touchpoint_lines(row)),
                    "\n".join(row.needs),
                    row.features_text,
                ]
            )
        )
        current = sheet.max_row
        for cell in sheet[current]:
            cell.alignment = wrap
            cell.border = border
        if row.process_rows > 1:
            merges.append((current, current + row.process_rows - 1))
    for start, end in merges:  # the process cells span its touchpoints, as in the template
        sheet.merge_cells(start_row=start, start_column=1, end_row=end, end_column=1)
        sheet.merge_cells(start_row=start, start_column=2, end_row=end, end_column=2)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_pdf(version: RegistryVersion) -> bytes:
    from weasyprint import HTML

    first, rest = title_lines(version.snapshot)
    html = render_to_string(
        "touchpoints/registry_print.html",
        {
            "version": version,
            "snapshot": version.snapshot,
            "rows": template_rows(version.snapshot),
            "title_first": first,
            "title_rest": rest,
            "version_line": version_line(version),
            "headers": HEADERS,
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def _in_russian(exporter: Callable[[RegistryVersion], bytes]) -> Callable[[RegistryVersion], bytes]:
    """The registry is an official document: its files are in Russian whatever the reader's language."""

    def export(version: RegistryVersion) -> bytes:
        with translation.override("ru"):
            return exporter(version)

    return export


EXPORTERS = {
    fmt: _in_russian(exporter)
    for fmt, exporter in {
        "docx": export_docx,
        "xlsx": export_xlsx,
        "pdf": export_pdf,
        "csv": export_csv,
        "json": export_json,
    }.items()
}
