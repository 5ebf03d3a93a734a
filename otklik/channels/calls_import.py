"""Import of the call log from the phone system: the CSV export and Asterisk's queue_log, streamed, every row
checked, all or nothing, a rerun adds none (issue 14 item 3).

Operators: the `operator` column (CSV) or the queue member (queue_log, with its technology prefix such as
`PJSIP/` and any `@context` dropped) must be the login or the full name («Фамилия Имя Отчество») of a staff
member of the body; the name as given is kept in `operator_name`. Empty is allowed (a lost call has no operator).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.appeals.models import ClassifierNode
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Membership, Organisation, User
from otklik.orgs.permissions import require_role

from .calls_services import (
    CALL_ROLES,
    CallRow,
    CallValues,
    DuplicateInFile,
    ImportedCalls,
    call_problems,
    calls_import_audit,
    calls_store,
)
from .models import PhoneLine
from .models.calls import CallDirection, CallOutcome, CallSource

CSV_COLUMNS = (
    "call_id",
    "started_at",
    "line",
    "operator",
    "direction",
    "wait_seconds",
    "talk_seconds",
    "wrap_seconds",
    "hold_seconds",
    "transfers",
    "outcome",
    "first_contact_resolved",
    "satisfied",
    "topic_code",
)
FORMAT_CSV = "csv"
FORMAT_QUEUE_LOG = "asterisk-queue-log"
FORMATS = (FORMAT_CSV, FORMAT_QUEUE_LOG)
MAX_ERRORS = 50
FLAGS = {"1": True, "0": False, "": None}
ANSWERS = {"yes": True, "no": False, "": None}
# queue_log events and how many data fields each needs after `epoch|callid|queue|agent|event`.
QUEUE_EVENTS_DATA = {
    "ENTERQUEUE": 0,  # url|callerid
    "CONNECT": 1,  # holdtime|bridgedchannel|ringtime
    "COMPLETECALLER": 2,  # holdtime|calltime|origposition
    "COMPLETEAGENT": 2,  # holdtime|calltime|origposition
    "TRANSFER": 4,  # extension|context|holdtime|calltime
    "ABANDON": 3,  # position|origposition|waittime
    "EXITWITHTIMEOUT": 1,  # position|origposition|waittime (older Asterisk: position only)
    "EXITEMPTY": 1,  # position|origposition|waittime
    "EXITWITHKEY": 1,  # key|position|origposition|waittime
}
NUMERIC_FIELDS: dict[str, tuple[int, ...]] = {
    "CONNECT": (0,),
    "COMPLETECALLER": (0, 1),
    "COMPLETEAGENT": (0, 1),
    "TRANSFER": (2, 3),
    "ABANDON": (2,),
}
TECH_PREFIXES = ("PJSIP/", "SIP/", "IAX2/", "Agent/", "Local/", "DAHDI/")


def _lines_of(organisation: Organisation) -> dict[str, PhoneLine]:
    return {line.code: line for line in PhoneLine.objects.filter(organisation=organisation, is_active=True)}


def _operators_of(organisation: Organisation) -> dict[str, User | None]:
    """Login → account and full name (case-folded) → account; a name two staff share maps to None."""
    found: dict[str, User | None] = {}
    users = [m.user for m in Membership.objects.filter(organisation=organisation).select_related("user")]
    for user in users:
        name = user.full_name.casefold()
        if name:
            found[name] = None if name in found else user
    for user in users:
        found[user.username.casefold()] = user
    return found


@dataclass
class _Context:
    organisation: Organisation
    lines: dict[str, PhoneLine]
    operators: dict[str, User | None]
    topics: dict[str, bool] = field(default_factory=dict)

    def topic_known(self, code: str) -> bool:
        if code not in self.topics:
            self.topics[code] = ClassifierNode.objects.filter(code=code).exists()
        return self.topics[code]

    def operator(self, raw: str, problems: list[str]) -> User | None:
        if not raw:
            return None
        key = raw.casefold()
        if key not in self.operators:
            for prefix in TECH_PREFIXES:
                if key.startswith(prefix.casefold()):
                    key = key[len(prefix) :]
                    break
            key = key.split("@", 1)[0]
        if key not in self.operators:
            problems.append(_("оператор «%(o)s» — не сотрудник органа (нужен логин или ФИО)") % {"o": raw})
            return None
        user = self.operators[key]
        if user is None:
            problems.append(_("оператор «%(o)s» — так зовут нескольких сотрудников, укажите логин") % {"o": raw})
        return user

    def line(self, code: str, problems: list[str]) -> PhoneLine | None:
        line = self.lines.get(code)
        if line is None:
            problems.append(_("нет действующей линии с кодом «%(c)s»") % {"c": code})
        return line

    def record(
        self, values: CallValues, operator: User | None, operator_name: str, source: str, problems: list[str]
    ) -> CallRow | list[str]:
        problems.extend(message for _field, message in call_problems(values))
        if values.topic_code and not self.topic_known(values.topic_code):
            problems.append(_("в классификаторе нет темы с кодом «%(c)s»") % {"c": values.topic_code})
        if problems:
            return problems
        return CallRow(
            call_id=values.call_id,
            line_id=values.line.pk,
            operator_id=operator.pk if operator else None,
            operator_name=operator_name[:200],
            direction=values.direction,
            started_at=values.started_at,
            wait_seconds=values.wait_seconds,
            talk_seconds=values.talk_seconds,
            wrap_seconds=values.wrap_seconds,
            hold_seconds=values.hold_seconds,
            transfers=values.transfers,
            outcome=values.outcome,
            first_contact_resolved=values.first_contact_resolved,
            satisfaction_asked=values.satisfaction_asked,
            satisfied=values.satisfied,
            topic_code=values.topic_code,
            source=source,
        )


def _int(text: str, name: str, problems: list[str]) -> int:
    try:
        return int(text)
    except ValueError:
        problems.append(_("%(f)s: «%(v)s» — не целое число") % {"f": name, "v": text})
        return 0


# --- CSV ------------------------------------------------------------------------------------------


def _csv_row(cells: list[str], context: _Context) -> CallRow | list[str]:
    (
        call_id,
        started,
        line_code,
        operator_raw,
        direction,
        wait,
        talk,
        wrap,
        hold,
        transfers,
        outcome,
        fcr,
        sat,
        topic,
    ) = (cell.strip() for cell in cells)
    problems: list[str] = []
    if not call_id:
        problems.append(_("нет идентификатора звонка (call_id)"))
    started_at: dt.datetime | None = None
    try:
        started_at = dt.datetime.fromisoformat(started)
    except ValueError:
        problems.append(_("started_at: «%(v)s» — не дата и время ISO 8601") % {"v": started})
    else:
        if started_at.tzinfo is None:
            problems.append(_("started_at: «%(v)s» — нет смещения часового пояса (например, +10:00)") % {"v": started})
            started_at = None
    line = context.line(line_code, problems)
    operator = context.operator(operator_raw, problems)
    wait_s, talk_s, wrap_s, hold_s, transfers_n = (
        _int(text, name, problems)
        for name, text in zip(CSV_COLUMNS[5:10], (wait, talk, wrap, hold, transfers), strict=True)
    )
    if fcr not in FLAGS:
        problems.append(_("first_contact_resolved: «%(v)s» — нужно 1, 0 или пусто") % {"v": fcr})
    if sat.lower() not in ANSWERS:
        problems.append(_("satisfied: «%(v)s» — нужно yes, no или пусто") % {"v": sat})
    if problems or line is None or started_at is None:
        return problems
    satisfied = ANSWERS[sat.lower()]
    values = CallValues(
        line=line,
        call_id=call_id,
        direction=direction,
        started_at=started_at,
        outcome=outcome,
        first_contact_resolved=FLAGS[fcr],
        satisfaction_asked=satisfied is not None,
        satisfied=satisfied,
        topic_code=topic,
        wait_seconds=wait_s,
        talk_seconds=talk_s,
        wrap_seconds=wrap_s,
        hold_seconds=hold_s,
        transfers=transfers_n,
    )
    return context.record(values, operator, operator_raw, CallSource.CSV, problems)


def _csv_rows(text: IO[str], context: _Context) -> Iterator[tuple[int, CallRow | list[str]]]:
    reader = csv.reader(text)
    try:
        header = [cell.strip() for cell in next(reader, [])]
        if tuple(header) != CSV_COLUMNS:
            yield 1, [_("ожидается заголовок %(cols)s") % {"cols": ",".join(CSV_COLUMNS)}]
            return
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(CSV_COLUMNS):
                yield (
                    reader.line_num,
                    [_("столбцов %(got)s, а нужно %(want)s") % {"got": len(cells), "want": len(CSV_COLUMNS)}],
                )
                continue
            yield reader.line_num, _csv_row(cells, context)
    except csv.Error as exc:
        yield reader.line_num, [_("файл не читается как CSV (%(e)s)") % {"e": exc}]


# --- Asterisk queue_log ---------------------------------------------------------------------------


@dataclass
class _Call:
    line_no: int
    started: int  # epoch
    queue: str
    agent: str = ""
    wait: int = 0
    talk: int = 0
    transfers: int = 0
    outcome: str = ""


def _queue_call(call_id: str, call: _Call, context: _Context) -> CallRow | list[str]:
    problems: list[str] = []
    line = context.line(call.queue, problems)
    operator = context.operator(call.agent, problems)
    if line is None:
        return problems
    values = CallValues(
        line=line,
        call_id=call_id,
        direction=CallDirection.IN,
        started_at=dt.datetime.fromtimestamp(call.started, tz=dt.UTC),
        outcome=call.outcome,
        wait_seconds=call.wait,
        talk_seconds=call.talk,
        transfers=call.transfers,
    )
    return context.record(values, operator, call.agent, CallSource.ASTERISK, problems)


def _queue_log_rows(text: IO[str], context: _Context) -> Iterator[tuple[int, CallRow | list[str]]]:
    """Calls as their last event arrives; a call still in the queue or talking at the end of the file is left for
    the next file, a transferred one is stored at the end (it may come back to a queue)."""
    open_calls: dict[str, _Call] = {}
    for line_no, raw in enumerate(text, start=1):
        raw = raw.rstrip("\r\n")
        if not raw.strip():
            continue
        parts = raw.split("|")
        if len(parts) < 5:
            yield line_no, [_("строка обрезана: нужно не меньше 5 полей epoch|callid|queue|agent|event")]
            continue
        epoch_text, call_id, queue, agent, event = parts[:5]
        data = parts[5:]
        problems: list[str] = []
        epoch = _int(epoch_text, "epoch", problems)
        needed = QUEUE_EVENTS_DATA.get(event)
        if needed is None or call_id == "NONE" or queue == "NONE":
            continue  # queue and member events (QUEUESTART, ADDMEMBER, PAUSE, RINGNOANSWER…) are not calls
        if len(data) < needed or any(not item.strip() for item in data[:needed]):
            problems.append(_("строка обрезана: событию %(e)s нужно полей данных: %(n)s") % {"e": event, "n": needed})
        if problems:
            yield line_no, problems
            continue
        call = open_calls.get(call_id)
        if call is None:
            call = open_calls[call_id] = _Call(line_no=line_no, started=epoch, queue=queue)
        if event == "ENTERQUEUE":
            if call.outcome == CallOutcome.ANSWERED and call.transfers:
                call.outcome = ""  # transferred into a queue again: the same call goes on
            continue
        # The numeric fields each event carries: CONNECT holdtime; COMPLETE* holdtime|calltime; TRANSFER
        # extension|context|holdtime|calltime; ABANDON position|origposition|waittime.
        at = NUMERIC_FIELDS.get(event, ())
        numbers = {index: _int(data[index], event, problems) for index in at if index < len(data)}
        if problems:
            yield line_no, problems
            continue
        if event == "CONNECT":
            call.wait += numbers[0]
            call.agent = agent
        elif event in ("COMPLETECALLER", "COMPLETEAGENT"):
            call.agent = call.agent or agent
            call.talk += numbers[1]
            call.outcome = CallOutcome.ANSWERED
            del open_calls[call_id]
            yield call.line_no, _queue_call(call_id, call, context)
        elif event == "TRANSFER":
            call.agent = call.agent or agent
            call.talk += numbers[3]
            call.transfers += 1
            call.outcome = CallOutcome.ANSWERED
        else:  # ABANDON, EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY: the caller never reached an operator
            call.wait += numbers[2] if 2 in numbers else max(epoch - call.started, 0)
            call.outcome = CallOutcome.LOST
            del open_calls[call_id]
            yield call.line_no, _queue_call(call_id, call, context)
    for call_id, call in open_calls.items():
        if call.outcome == CallOutcome.ANSWERED:
            yield call.line_no, _queue_call(call_id, call, context)


# --- the import -----------------------------------------------------------------------------------


def calls_file_import(
    *, actor: User | None, organisation: Organisation, stream: IO[bytes], file_name: str, file_format: str
) -> ImportedCalls:
    """Import a call log read from `stream` (UTF-8): every row checked, errors named by line, all or nothing.

    `actor` is None when the management command runs (the server's operator is trusted).
    """
    if actor is not None:
        require_role(actor, organisation, *CALL_ROLES)
    if file_format not in FORMATS:
        raise ApplicationError(_("Неизвестный формат файла «%(f)s».") % {"f": file_format}, field="file_format")
    context = _Context(organisation=organisation, lines=_lines_of(organisation), operators=_operators_of(organisation))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="" if file_format == FORMAT_CSV else None)
    batch_tag = uuid.uuid4().hex[:12]
    errors: list[str] = []
    parser = _csv_rows if file_format == FORMAT_CSV else _queue_log_rows

    def good_rows() -> Iterator[tuple[int, CallRow]]:
        for line_no, parsed in parser(text, context):
            if isinstance(parsed, CallRow):
                if not errors:
                    yield line_no, parsed
                continue
            errors.append(_("строка %(n)s: %(p)s") % {"n": line_no, "p": "; ".join(parsed)})
            if len(errors) >= MAX_ERRORS:
                errors.append(_("…проверка остановлена после %(n)s ошибок") % {"n": MAX_ERRORS})
                return

    try:
        with transaction.atomic():
            try:
                result = calls_store(actor=actor, organisation=organisation, rows=good_rows(), batch_tag=batch_tag)
            except DuplicateInFile as exc:
                errors.extend(exc.errors)
            except UnicodeDecodeError:
                errors.append(_("файл не в кодировке UTF-8"))
            if errors:
                raise ApplicationError(
                    _("Файл не загружен: ошибок — %(n)s. Исправьте их и загрузите файл целиком ещё раз.")
                    % {"n": len(errors)},
                    field="file",
                    extra={"errors": errors},
                )
            calls_import_audit(
                actor=actor, organisation=organisation, result=result, file_name=file_name, batch_tag=batch_tag
            )
    finally:
        text.detach()
    return result
