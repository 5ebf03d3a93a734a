"""Documents of execution control as DOCX: the memo about a breached deadline (003 §11.5.1) and the unit's
period report — tasks, analysis of their execution, proposals (004 App. 2 §6.5–6.6)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from otklik.orgs.models import Organisation, Unit, User

from .models import Assignment
from .selectors import control_settings_for

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _document() -> Any:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    return document


def _right(document: Any, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _centre(document: Any, text: str, *, bold: bool = True) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold


def _bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def breach_memo_docx(assignment: Assignment, *, today: dt.date, specialist: User | None) -> bytes:
    """Draft memo to the head about the breached deadline, for the responsible specialist to prepare and sign."""
    organisation = assignment.organisation
    document = _document()
    _right(document, _("Руководителю"))
    _right(document, str(organisation.name))
    document.add_paragraph()
    _centre(document, _("СЛУЖЕБНАЯ ЗАПИСКА"))
    _centre(document, _("о нарушении срока исполнения поручения"), bold=False)
    document.add_paragraph(f"{today.strftime('%d.%m.%Y')}    № ________")
    subject = assignment.resolution.document_title
    if assignment.appeal_id is not None:
        subject = _("обращению № %(n)s от %(d)s") % {
            "n": assignment.appeal.number,  # type: ignore[union-attr]
            "d": assignment.appeal.registered_on.strftime("%d.%m.%Y"),  # type: ignore[union-attr]
        }
    days = (today - assignment.due_date).days
    document.add_paragraph(
        _(
            "Сообщаю, что по %(subject)s нарушен срок исполнения поручения № %(n)s «%(text)s», "
            "данного %(issued)s. Срок исполнения — %(due)s; на %(today)s поручение не исполнено "
            "(просрочка %(days)s дн.)."
        )
        % {
            "subject": subject,
            "n": assignment.pk,
            "text": assignment.text,
            "issued": assignment.created_at.astimezone(organisation.tz).strftime("%d.%m.%Y"),
            "due": assignment.due_date.strftime("%d.%m.%Y"),
            "today": today.strftime("%d.%m.%Y"),
            "days": days,
        }
    )
    document.add_paragraph(
        _("Ответственный исполнитель: %(e)s. Контролёр поручения: %(c)s.")
        % {"e": assignment.executor, "c": assignment.controller}
    )
    document.add_paragraph(
        _(
            "Прошу принять меры, направленные на недопущение нарушения сроков рассмотрения обращения, "
            "и рассмотреть вопрос об ответственности за нарушение срока исполнения поручения."
        )
    )
    document.add_paragraph()
    # The signer is the body's own (003 §11.5.1 names a Sverdlovsk unit; other acts name others, or nobody).
    signer = control_settings_for(organisation).breach_memo_signer.strip()
    document.add_paragraph(
        (signer or _("Должностное лицо, ответственное за контроль исполнения поручений"))
        + "    ________________ / ________________"
    )
    document.add_paragraph()
    specialist_name = specialist.full_name if specialist else "________________"
    document.add_paragraph(
        _("Проект подготовил ответственный специалист: %(name)s") % {"name": specialist_name} + "    ________________"
    )
    return _bytes(document)


def period_report_docx(
    *,
    organisation: Organisation,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    workload: Sequence[dict[str, Any]],
    tasks: Iterable[Assignment],
    today: dt.date,
    proposals: str = "",
) -> bytes:
    """The report on the unit's work for a period: the list of tasks, the analysis, the proposals (App. 2 §6.6)."""
    document = _document()
    _centre(document, _("ОТЧЁТ"))
    _centre(
        document,
        _("об итогах работы структурного подразделения «%(u)s» за период с %(a)s по %(b)s")
        % {"u": unit.name, "a": start.strftime("%d.%m.%Y"), "b": end.strftime("%d.%m.%Y")},
        bold=False,
    )
    document.add_paragraph(str(organisation.name))

    document.add_heading(_("1. Перечень выполняемых задач"), level=2)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells, (_("№"), _("Поручение"), _("Исполнитель"), _("Срок"), _("Состояние")), strict=True
    ):
        cell.text = str(title)
    count = 0
    for assignment in tasks:
        count += 1
        row = table.add_row().cells
        row[0].text = str(assignment.pk)
        row[1].text = f"{assignment.resolution.document_title}: {assignment.text}"
        row[2].text = str(assignment.executor)
        row[3].text = assignment.due_date.strftime("%d.%m.%Y")
        row[4].text = str(assignment.get_status_display())
    if not count:
        document.add_paragraph(_("Поручений за период нет."))

    document.add_heading(_("2. Анализ выполнения перечня задач"), level=2)
    totals = {
        key: sum(row[key] for row in workload) for key in ("issued", "completed", "completed_late", "open", "overdue")
    }
    document.add_paragraph(
        _(
            "За период выдано поручений: %(issued)s; исполнено: %(completed)s, из них с нарушением срока: "
            "%(completed_late)s. На %(today)s на исполнении: %(open)s, из них просрочено: %(overdue)s."
        )
        % {**totals, "today": today.strftime("%d.%m.%Y")}
    )
    analysis = document.add_table(rows=1, cols=6)
    analysis.style = "Table Grid"
    headers = (
        _("Сотрудник"),
        _("Выдано"),
        _("Исполнено"),
        _("С нарушением срока"),
        _("На исполнении"),
        _("Просрочено"),
    )
    for cell, title in zip(analysis.rows[0].cells, headers, strict=True):
        cell.text = str(title)
    for row in workload:
        cells = analysis.add_row().cells
        cells[0].text = str(row["member"].user)
        for index, key in enumerate(("issued", "completed", "completed_late", "open", "overdue"), start=1):
            cells[index].text = str(row[key])

    document.add_heading(_("3. Предложения по оптимизации задач"), level=2)
    for line in (proposals or "").strip().splitlines() or ["________________________________________"]:
        document.add_paragraph(line)
    document.add_paragraph()
    document.add_paragraph(_("Руководитель структурного подразделения") + "    ________________ / ________________")
    return _bytes(document)
