"""The contact centre's writers: a call logged from the call card, an appeal registered from a call, phone lines
and scripts saved, and imported calls stored in batches (issue 14 items 1, 2, 3 and 6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.appeals.choices import AppealKind, IntakeChannel
from otklik.appeals.intake import AppealIntake, AuthorData, IntakeQuestion
from otklik.appeals.models import Appeal, ClassifierNode
from otklik.appeals.services import appeal_register
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.core.submission_keys import submission_key_scoped
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import has_role, require_role

from .models import CallRecord, PhoneLine, PhoneScript
from .models.calls import CallDirection, CallOutcome, CallSource, UnansweredOutcome

# Who logs and reads calls: the operators (their own calls), the deputy head for client-centricity and the head (all).
CALL_ROLES = (RoleCode.CC_OPERATOR, RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD)
SEE_ALL_ROLES = (RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD)
# Who sets up lines and scripts.
SETUP_ROLES = (RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD)
MAX_SECONDS = 7 * 24 * 3600  # a week: anything longer is a broken export, not a call
MAX_TRANSFERS = 100
MAX_NOTES = 5_000
IMPORT_BATCH = 5_000


@dataclass(frozen=True)
class CallValues:
    """One call as the card or a row of an imported file gives it, before any check."""

    line: PhoneLine
    direction: str
    started_at: dt.datetime
    outcome: str
    call_id: str = ""
    wait_seconds: int = 0
    talk_seconds: int = 0
    wrap_seconds: int = 0
    hold_seconds: int = 0
    transfers: int = 0
    first_contact_resolved: bool | None = None
    satisfaction_asked: bool = False
    satisfied: bool | None = None
    topic_code: str = ""
    unanswered_outcome: str = ""
    greeted_with_body_name: bool = False
    operator_named: bool = False
    transfer_announced: bool = False
    notes: str = ""


DURATION_FIELDS = ("wait_seconds", "talk_seconds", "wrap_seconds", "hold_seconds")
VALUE_FIELDS = [f.name for f in fields(CallValues) if f.name != "line"]


def call_problems(values: CallValues) -> list[tuple[str, str]]:
    """Every problem of a call as (field, Russian message); pure, so that an import of a million rows can ask it."""
    problems: list[tuple[str, str]] = []
    if len(values.call_id) > 100:
        problems.append(("call_id", _("идентификатор звонка длиннее 100 символов")))
    if values.direction not in CallDirection.values:
        problems.append(("direction", _("направление «%(v)s» — нужно in или out") % {"v": values.direction}))
    if values.outcome not in CallOutcome.values:
        problems.append(("outcome", _("исход «%(v)s» — нужно answered, lost или callback") % {"v": values.outcome}))
    if values.started_at.tzinfo is None:
        problems.append(("started_at", _("время начала без часового пояса")))
    for name in DURATION_FIELDS:
        seconds = getattr(values, name)
        if seconds < 0:
            problems.append((name, _("%(f)s: отрицательное число секунд (%(v)s)") % {"f": name, "v": seconds}))
        elif seconds > MAX_SECONDS:
            problems.append((name, _("%(f)s: больше недели (%(v)s с)") % {"f": name, "v": seconds}))
    if values.transfers < 0 or values.transfers > MAX_TRANSFERS:
        problems.append(("transfers", _("число переводов %(v)s — нужно от 0 до 100") % {"v": values.transfers}))
    if values.satisfied is not None and not values.satisfaction_asked:
        problems.append(("satisfied", _("ответ об удовлетворённости указан, а вопрос не задан")))
    if values.unanswered_outcome not in UnansweredOutcome.values:
        problems.append(("unanswered_outcome", _("неизвестный исход «%(v)s»") % {"v": values.unanswered_outcome}))
    if len(values.topic_code) > 50:
        problems.append(("topic_code", _("код тематики длиннее 50 символов")))
    if not values.line.is_active:
        problems.append(("line", _("линия «%(c)s» не действует") % {"c": values.line.code}))
    return problems


def _topic_known(code: str) -> bool:
    return not code or ClassifierNode.objects.filter(code=code).exists()


def call_check(*, actor: User, organisation: Organisation, values: CallValues) -> None:
    """Refuse a call the card cannot store, naming the field."""
    require_role(actor, organisation, *CALL_ROLES)
    if values.line.organisation_id != organisation.pk:
        raise ApplicationError(_("Линия другой организации."), field="line")
    problems = call_problems(values)
    if problems:
        field, message = problems[0]
        raise ApplicationError(message[:1].upper() + message[1:] + ".", field=field)
    if not _topic_known(values.topic_code):
        raise ApplicationError(
            _("В классификаторе нет темы с кодом «%(c)s».") % {"c": values.topic_code}, field="topic_code"
        )
    if values.started_at > timezone.now() + dt.timedelta(minutes=5):
        raise ApplicationError(_("Звонок не может начаться в будущем."), field="started_at")


def _record_values(values: CallValues) -> dict[str, object]:
    return {name: getattr(values, name) for name in VALUE_FIELDS}


@transaction.atomic
def call_record_create(
    *, actor: User, organisation: Organisation, values: CallValues, submission_key: str
) -> tuple[CallRecord, bool]:
    """Log a call from the call card; the phone system's call id (or the form's one-time key) makes a second press
    return the call already logged. Returns the call and whether it is new."""
    call_check(actor=actor, organisation=organisation, values=values)
    scoped = submission_key_scoped(submission_key, sender=f"user:{actor.pk}")
    call_id = values.call_id.strip() or f"manual-{scoped}"
    existing = CallRecord.objects.filter(organisation=organisation, call_id=call_id).first()
    if existing is not None:
        if existing.operator_id != actor.pk and not has_role(actor, organisation, *SEE_ALL_ROLES):
            raise ApplicationError(_("Звонок с таким идентификатором уже внесён другим оператором."), field="call_id")
        return existing, False
    record = CallRecord(
        organisation=organisation,
        operator=actor,
        operator_name=actor.full_name or actor.username,
        source=CallSource.MANUAL,
        line=values.line,
        **{**_record_values(values), "call_id": call_id, "notes": values.notes.strip()[:MAX_NOTES]},
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:  # the same card sent twice at the same moment
        return CallRecord.objects.get(organisation=organisation, call_id=call_id), False
    audit_record(
        actor=actor,
        action=AuditAction.CALL_RECORD_CREATED,
        obj=record,
        organisation=organisation,
        after={"call_id": record.call_id, "line": values.line.code, "outcome": record.outcome},
    )
    return record, True


@transaction.atomic
def call_register_appeal(
    *, actor: User, call: CallRecord, author: AuthorData, text: str, submission_key: str
) -> Appeal:
    """Register an appeal told over the phone (channel «Телефон») and link it to the call; twice is once."""
    call = CallRecord.objects.select_for_update().select_related("organisation", "line").get(pk=call.pk)
    require_role(actor, call.organisation, *CALL_ROLES)
    if call.appeal_id is not None:
        assert call.appeal is not None
        return call.appeal
    if not text.strip():
        raise ApplicationError(_("Изложите суть обращения."), field="text")
    questions = (IntakeQuestion(classifier_code=call.topic_code),) if call.topic_code else ()
    registration = appeal_register(
        actor=actor,
        organisation=call.organisation,
        intake=AppealIntake(
            kind=AppealKind.APPEAL,
            channel=IntakeChannel.PHONE,
            text=text.strip(),
            author=author,
            questions=questions,
            received_at=call.started_at,
            submission_key=submission_key,
        ),
    )
    appeal = registration.appeal
    call.appeal = appeal
    call.save(update_fields=["appeal", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CALL_APPEAL_REGISTERED,
        obj=call,
        organisation=call.organisation,
        after={"appeal": appeal.pk, "number": appeal.number},
    )
    return appeal


@dataclass(frozen=True)
class PhoneLineValues:
    code: str
    name: str
    procedure: str
    channel_id: int | None = None
    queue_wait_max_seconds: int | None = None
    first_contact_resolution_min_percent: int | None = None
    transfers_max: int | None = None
    lost_calls_max_per_day: int | None = None
    avg_handling_max_seconds: int | None = None
    avg_talk_max_seconds: int | None = None
    operator_load_max_percent: int | None = None
    source: str = ""
    is_active: bool = True


def phone_line_check(*, actor: User, organisation: Organisation, values: PhoneLineValues) -> None:
    require_role(actor, organisation, *SETUP_ROLES)
    if values.channel_id is not None:
        from otklik.orgs.models import Channel

        if not Channel.objects.filter(
            pk=values.channel_id, organisation=organisation, channel_type=ChannelType.PHONE
        ).exists():
            raise ApplicationError(_("Линия подключается к телефонному каналу той же организации."), field="channel")
    for name in ("first_contact_resolution_min_percent", "operator_load_max_percent"):
        value = getattr(values, name)
        if value is not None and value > 100:
            raise ApplicationError(_("Процент — не больше 100."), field=name)


@transaction.atomic
def phone_line_save(
    *, actor: User, organisation: Organisation, values: PhoneLineValues, line: PhoneLine | None = None
) -> PhoneLine:
    """Add or edit a phone line and its thresholds (an empty threshold: the body's act sets none)."""
    phone_line_check(actor=actor, organisation=organisation, values=values)
    if line is None:
        line = PhoneLine(organisation=organisation)
    elif line.organisation_id != organisation.pk:
        raise ApplicationError(_("Линия другой организации."))
    for f in fields(PhoneLineValues):
        setattr(line, f.name, getattr(values, f.name))
    line.save()
    audit_record(
        actor=actor,
        action=AuditAction.PHONE_LINE_SAVED,
        obj=line,
        organisation=organisation,
        after={f.name: getattr(values, f.name) for f in fields(PhoneLineValues)},
    )
    return line


def phone_script_check(*, actor: User, organisation: Organisation, title: str, question: str, text: str) -> None:
    require_role(actor, organisation, *SETUP_ROLES)
    if not title.strip():
        raise ApplicationError(_("Назовите сценарий."), field="title")
    if not question.strip():
        raise ApplicationError(_("Укажите типовой вопрос."), field="question")
    if not text.strip():
        raise ApplicationError(_("Напишите текст ответа."), field="text")


@transaction.atomic
def phone_script_save(
    *,
    actor: User,
    organisation: Organisation,
    line: PhoneLine | None,
    title: str,
    question: str,
    text: str,
    sort_order: int = 0,
    is_active: bool = True,
    script: PhoneScript | None = None,
) -> PhoneScript:
    """Add or edit a phone script for a typical question (001 §3.2 з) г): scripts for typical appeals)."""
    phone_script_check(actor=actor, organisation=organisation, title=title, question=question, text=text)
    if line is not None and line.organisation_id != organisation.pk:
        raise ApplicationError(_("Линия другой организации."), field="line")
    if script is None:
        script = PhoneScript(organisation=organisation)
    elif script.organisation_id != organisation.pk:
        raise ApplicationError(_("Сценарий другой организации."))
    script.line, script.title, script.question, script.text = line, title.strip()[:300], question.strip(), text.strip()
    script.sort_order, script.is_active = sort_order, is_active
    script.save()
    audit_record(
        actor=actor,
        action=AuditAction.PHONE_SCRIPT_SAVED,
        obj=script,
        organisation=organisation,
        after={"title": script.title, "line": line.code if line else None},
    )
    return script


@dataclass(frozen=True)
class ImportedCalls:
    created: int
    already_loaded: int


class DuplicateInFile(Exception):
    """A call id met twice in one file (told with its line number); the whole import is rolled back."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


class CallRow(NamedTuple):
    """One checked imported call, as the columns it is stored in (no model instance: a million of them is slow)."""

    call_id: str
    line_id: int
    operator_id: int | None
    operator_name: str
    direction: str
    started_at: dt.datetime
    wait_seconds: int
    talk_seconds: int
    wrap_seconds: int
    hold_seconds: int
    transfers: int
    outcome: str
    first_contact_resolved: bool | None
    satisfaction_asked: bool
    satisfied: bool | None
    topic_code: str
    source: str


# What an imported call stores beyond its CallRow: the card's checklist is not in a phone system's export.
IMPORT_DEFAULTS = {
    "unanswered_outcome": "",
    "greeted_with_body_name": False,
    "operator_named": False,
    "transfer_announced": False,
    "notes": "",
}


def _batches(rows: Iterable[tuple[int, CallRow]]) -> Iterator[list[tuple[int, CallRow]]]:
    batch: list[tuple[int, CallRow]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= IMPORT_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(organisation: Organisation, rows: list[CallRow], batch_tag: str) -> None:
    """COPY on PostgreSQL (several times faster than INSERT for a million rows), bulk_create elsewhere."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        extra = {**IMPORT_DEFAULTS, "organisation_id": organisation.pk, "import_batch": batch_tag}
        extra.update(created_at=now, updated_at=now)
        columns = [*CallRow._fields, *extra]
        tail = tuple(extra.values())
        statement = f"COPY {CallRecord._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row((*row, *tail))
        return
    CallRecord.objects.bulk_create(
        [
            CallRecord(organisation=organisation, import_batch=batch_tag, **IMPORT_DEFAULTS, **row._asdict())
            for row in rows
        ],
        batch_size=1000,
    )


def calls_store(
    *, actor: User | None, organisation: Organisation, rows: Iterable[tuple[int, CallRow]], batch_tag: str
) -> ImportedCalls:
    """Store checked calls (line number, row) in batches; a call id already stored by an earlier import is skipped,
    one repeated inside this import raises DuplicateInFile. The caller holds the transaction."""
    created = already = 0
    for batch in _batches(rows):
        first_line: dict[str, int] = {}
        errors: list[str] = []
        fresh: list[CallRow] = []
        for line_no, row in batch:
            if row.call_id in first_line:
                errors.append(
                    _("строка %(n)s: идентификатор звонка %(id)s уже был в строке %(m)s")
                    % {"n": line_no, "id": row.call_id, "m": first_line[row.call_id]}
                )
                continue
            first_line[row.call_id] = line_no
            fresh.append(row)
        stored = dict(
            CallRecord.objects.filter(organisation=organisation, call_id__in=list(first_line)).values_list(
                "call_id", "import_batch"
            )
        )
        for row in fresh:
            if stored.get(row.call_id) == batch_tag:
                errors.append(
                    _("строка %(n)s: идентификатор звонка %(id)s уже был выше в файле")
                    % {"n": first_line[row.call_id], "id": row.call_id}
                )
        if errors:
            raise DuplicateInFile(errors)
        new = [row for row in fresh if row.call_id not in stored]
        already += len(fresh) - len(new)
        if new:
            _insert(organisation, new, batch_tag)
        created += len(new)
    return ImportedCalls(created=created, already_loaded=already)


def calls_import_audit(
    *, actor: User | None, organisation: Organisation, result: ImportedCalls, file_name: str, batch_tag: str
) -> None:
    """One audit row per imported file (the rows themselves carry the batch tag)."""
    audit_record(
        actor=actor,
        action=AuditAction.CALLS_IMPORTED,
        obj=organisation,
        organisation=organisation,
        after={
            "file": file_name[:200],
            "batch": batch_tag,
            "created": result.created,
            "already_loaded": result.already_loaded,
        },
    )
