"""Import of EPGU and feedback-platform ratings from CSV: every row checked first, reruns add nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.calendars.selectors import today_for
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation, Unit, User
from otklik.orgs.permissions import require_role
from otklik.touchpoints.models import Process

from ..choices import RatingSource
from ..models import ImportedRating, RatingImport
from ._common import MANAGER_ROLES

IMPORT_COLUMNS = ("external_id", "date", "score", "service", "process", "unit", "comment")


@dataclass(frozen=True)
class ImportResult:
    created: int
    already_loaded: int
    batch: RatingImport | None


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ApplicationError(_("Файл не в кодировке UTF-8 или Windows-1251."), field="file")


def _parse_day(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, not a moment)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class _ImportContext:
    """What each row is checked against: the body's processes by number and units by code, and today."""

    organisation: Organisation
    source: str
    processes: dict[str, Process]
    units: dict[str, Unit]
    today: dt.date


@transaction.atomic
def ratings_import(
    *, actor: User, organisation: Organisation, source: str, file_name: str, content: bytes
) -> ImportResult:
    """Load a CSV of ratings: every row is checked first; one bad row rejects the whole file; reruns add nothing."""
    require_role(actor, organisation, *MANAGER_ROLES)
    if source not in RatingSource.values:
        raise ApplicationError(_("Выберите источник оценок."), field="source")
    context = _ImportContext(
        organisation=organisation,
        source=source,
        processes={str(p.position): p for p in Process.objects.filter(organisation=organisation)},
        units={u.code: u for u in Unit.objects.filter(organisation=organisation)},
        today=today_for(organisation),
    )
    rows = _read_rows(_decode(content), context)
    known = set(
        ImportedRating.objects.filter(
            organisation=organisation, source=source, external_id__in=[row.external_id for row in rows]
        ).values_list("external_id", flat=True)
    )
    new_rows = [row for row in rows if row.external_id not in known]
    if not new_rows:
        return ImportResult(0, len(rows), None)
    batch = RatingImport.objects.create(
        organisation=organisation,
        source=source,
        file_name=file_name[:300],
        rows_total=len(rows),
        rows_created=len(new_rows),
        imported_by=actor,
    )
    for row in new_rows:
        row.batch = batch
    ImportedRating.objects.bulk_create(new_rows)
    audit_record(
        actor=actor,
        action=AuditAction.RATINGS_IMPORTED,
        obj=batch,
        organisation=organisation,
        after={"source": source, "created": len(new_rows), "already_loaded": len(known)},
    )
    return ImportResult(len(new_rows), len(known), batch)


def _read_rows(text: str, context: _ImportContext) -> list[ImportedRating]:
    """Every row of the file as an unsaved rating, or a refusal listing the problems of every bad row."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    if tuple(header) != IMPORT_COLUMNS:
        raise ApplicationError(
            _("строка 1: ожидаются столбцы %(cols)s") % {"cols": delimiter.join(IMPORT_COLUMNS)},
            field="file",
            extra={"errors": [_("строка 1: ожидаются столбцы %(cols)s") % {"cols": delimiter.join(IMPORT_COLUMNS)}]},
        )
    errors: list[str] = []
    rows: list[ImportedRating] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(IMPORT_COLUMNS):
            errors.append(
                _("строка %(n)s: столбцов %(got)s, а нужно %(want)s")
                % {"n": line, "got": len(cells), "want": len(IMPORT_COLUMNS)}
            )
            continue
        parsed = _parse_row([c.strip() for c in cells], line=line, seen=seen, context=context)
        if isinstance(parsed, ImportedRating):
            rows.append(parsed)
        else:
            errors.append(_("строка %(n)s: %(p)s") % {"n": line, "p": "; ".join(parsed)})
    if errors:
        raise ApplicationError(
            _("Файл не загружен: ошибок — %(n)s. Исправьте их и загрузите файл целиком ещё раз.") % {"n": len(errors)},
            field="file",
            extra={"errors": errors},
        )
    if not rows:
        raise ApplicationError(_("В файле нет ни одной оценки."), field="file", extra={"errors": []})
    return rows


def _parse_row(
    cells: list[str], *, line: int, seen: dict[str, int], context: _ImportContext
) -> ImportedRating | list[str]:
    """One row as an unsaved rating, or the list of its problems; `seen` remembers identifiers by line."""
    external_id, day_text, score_text, service, process_no, unit_code, comment = cells
    problems = []
    if not external_id or len(external_id) > 100:
        problems.append(_("нет идентификатора оценки (или он длиннее 100 знаков)"))
    elif external_id in seen:
        problems.append(_("идентификатор %(id)s уже был в строке %(n)s") % {"id": external_id, "n": seen[external_id]})
    else:
        seen[external_id] = line
    day = _parse_day(day_text)
    if day is None:
        problems.append(_("дата «%(d)s» не в формате ГГГГ-ММ-ДД или ДД.ММ.ГГГГ") % {"d": day_text})
    elif day > context.today:
        problems.append(_("дата %(d)s ещё не наступила") % {"d": day.strftime("%d.%m.%Y")})
    if score_text not in ("1", "2", "3", "4", "5"):
        problems.append(_("оценка «%(s)s» — нужна цифра от 1 до 5") % {"s": score_text})
    if process_no and process_no not in context.processes:
        problems.append(_("нет процесса № %(p)s в перечне") % {"p": process_no})
    if unit_code and unit_code not in context.units:
        problems.append(_("нет подразделения с кодом «%(u)s»") % {"u": unit_code})
    if problems:
        return problems
    assert day is not None
    return ImportedRating(
        organisation=context.organisation,
        source=context.source,
        external_id=external_id,
        rated_on=day,
        score=int(score_text),
        service=service[:500],
        process=context.processes.get(process_no),
        unit=context.units.get(unit_code),
        comment=comment,
    )
