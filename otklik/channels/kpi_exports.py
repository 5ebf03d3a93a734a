"""Exports of the contact-centre KPI board: the charts (inline SVG), XLSX and PDF, all from the same board."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from otklik.core.charts import bar_chart
from otklik.core.spreadsheets import Table, xlsx_tables

from .kpi import PERIOD_LABELS, Kpi, figure_rows
from .kpi_selectors import KpiBoard, LineBoard

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_name(board: KpiBoard) -> str:
    return f"contact-centre-kpi-{board.organisation.slug}-{board.period}-{board.start:%Y-%m-%d}"


def period_text(board: KpiBoard) -> str:
    return f"{PERIOD_LABELS[board.period]}: {board.start:%d.%m.%Y} – {board.end:%d.%m.%Y}"


def line_charts(board: LineBoard) -> list[SafeString]:
    """The trend by week of a line: calls, first-contact resolution and average handling time."""
    weeks = [(f"{week.monday:%d.%m}", week.kpi) for week in board.weeks]
    return [
        bar_chart(_("Входящих звонков по неделям"), [(label, kpi.calls) for label, kpi in weeks]),
        bar_chart(
            _("Решено при первом обращении по неделям, %"),
            [(label, kpi.first_contact_resolution_percent or 0) for label, kpi in weeks],
            unit=" %",
            maximum=100,
        ),
        bar_chart(
            _("Среднее время обработки по неделям, с"),
            [(label, kpi.avg_handling_seconds or 0) for label, kpi in weeks],
            unit=" с",
        ),
    ]


def board_sections(board: KpiBoard) -> list[dict[str, Any]]:
    """What the page and the PDF show per line: the line, its figures with norms, operators and charts."""
    return [
        {
            "line": line.line,
            "kpi": line.kpi,
            "rows": figure_rows(line.kpi, line.thresholds),
            "operators": line.operators,
            "charts": line_charts(line),
        }
        for line in board.lines
    ]


def _breaches_text(kpi: Kpi) -> str:
    return "; ".join(kpi.breach_labels) or _("нет")


def board_tables(board: KpiBoard) -> list[Table]:
    """A summary sheet, then a sheet per line: its figures with norms and breaches, its operators, its weeks."""
    summary = Table(
        _("Итого"),
        [_("Линия"), _("Период"), _("Звонков"), _("Нарушения")],
        [[line.line.name, period_text(board), line.kpi.calls, _breaches_text(line.kpi)] for line in board.lines],
    )
    tables = [summary]
    for line in board.lines:
        rows: list[list[object]] = [
            [row.label, row.value, row.norm, _("нарушение") if row.breached else ""]
            for row in figure_rows(line.kpi, line.thresholds)
        ]
        rows.append([])
        rows.append([_("Оператор"), _("Принято"), _("Загрузка, %"), _("Нарушения")])
        rows.extend(
            [
                operator.name,
                operator.kpi.answered,
                str(operator.kpi.operator_load_percent or "—"),
                _breaches_text(operator.kpi),
            ]
            for operator in line.operators
        )
        rows.append([])
        rows.append([_("Неделя с"), _("Звонков"), _("Решено при первом обращении, %"), _("Нарушения")])
        rows.extend(
            [
                f"{week.monday:%d.%m.%Y}",
                week.kpi.calls,
                str(week.kpi.first_contact_resolution_percent or "—"),
                _breaches_text(week.kpi),
            ]
            for week in line.weeks
        )
        tables.append(
            Table(f"{line.line.code}"[:31], [_("Показатель"), _("Значение"), _("Норма"), _("Состояние")], rows)
        )
    return tables


def board_xlsx(board: KpiBoard) -> bytes:
    return xlsx_tables(board_tables(board))


def board_pdf(board: KpiBoard) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "channels/kpi/print.html",
        {
            "board": board,
            "period_text": period_text(board),
            "lines": board_sections(board),
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
