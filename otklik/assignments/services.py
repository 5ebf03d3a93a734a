"""The only writers of assignments: resolutions, reports, acceptance and rejection, and control notices (R-AS-1…3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.appeals.models import Appeal
from otklik.appeals.selectors import NOT_FOUND, may_see
from otklik.appeals.workflow import OPEN_STATES
from otklik.calendars.selectors import calendar_for, today_for
from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.uploads import validate_uploads
from otklik.notifications.services import notify_staff
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Membership, Organisation, User
from otklik.orgs.permissions import has_role, is_member, require_role

from . import workflow
from .choices import AssignmentStatus, DocumentKind, NoticeKind, ReportDecision
from .models import Assignment, AssignmentReport, ControlNotice, ReportFile, Resolution, RouteTemplate

# Who may write a resolution and issue assignments.
RESOLUTION_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.CONTROLLER, RoleCode.UNIT_HEAD)
MAX_TEXT = 20_000


@dataclass(frozen=True)
class AssignmentSpec:
    """What one assignment of a resolution says: who, with whom, under whose control, by when."""

    executor: User
    due_date: dt.date
    text: str = ""
    co_executors: Sequence[User] = field(default_factory=tuple)
    controller: User | None = None


def default_controller(organisation: Organisation) -> User | None:
    """The first-named deputy head controls unless the resolution says otherwise (003 §11.5.1)."""
    membership = (
        Membership.objects.filter(organisation=organisation, is_active=True, roles__code=RoleCode.CC_DEPUTY_HEAD)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def spec_from_route(route: RouteTemplate, *, today: dt.date, limit: dt.date | None = None) -> AssignmentSpec | None:
    """An assignment as the route template lays it out; its term is cut to the appeal's own deadline."""
    if route.executor is None:
        return None
    due = today + dt.timedelta(days=route.term_days)
    if limit is not None and due > limit:
        due = limit
    return AssignmentSpec(
        executor=route.executor,
        due_date=due,
        text=route.text,
        co_executors=tuple(route.co_executors.all()),
        controller=route.controller,
    )


def _require_member(organisation: Organisation, user: User, what: str) -> None:
    if (
        not user.is_active
        or not Membership.objects.filter(organisation=organisation, user=user, is_active=True).exists()
    ):
        raise ApplicationError(
            _("%(who)s «%(name)s» не работает в организации «%(org)s».")
            % {"who": what, "name": user, "org": organisation},
            field="executor",
        )


def _check_due(organisation: Organisation, due: dt.date, appeal: Appeal | None, *, field_name: str) -> None:
    today = today_for(organisation)
    if due < today:
        raise ApplicationError(
            _("Срок исполнения %(d)s уже прошёл.") % {"d": due.strftime("%d.%m.%Y")}, field=field_name
        )
    if appeal is not None and due > appeal.governing_due_date:
        raise ApplicationError(
            _("Срок поручения %(d)s не может быть позже срока рассмотрения обращения %(a)s.")
            % {"d": due.strftime("%d.%m.%Y"), "a": appeal.governing_due_date.strftime("%d.%m.%Y")},
            field=field_name,
        )


def _assignment_create(
    *, actor: User, resolution: Resolution, spec: AssignmentSpec, previous: Assignment | None = None
) -> Assignment:
    organisation, appeal = resolution.organisation, resolution.appeal
    text = (spec.text or resolution.text).strip()
    if len(text) > MAX_TEXT:
        raise ApplicationError(_("Текст поручения слишком длинный."), field="text")
    _require_member(organisation, spec.executor, _("Исполнитель"))
    controller = spec.controller or default_controller(organisation) or actor
    _require_member(organisation, controller, _("Контролёр"))
    co_executors = [user for user in dict.fromkeys(spec.co_executors) if user.pk != spec.executor.pk]
    for user in co_executors:
        _require_member(organisation, user, _("Соисполнитель"))
    _check_due(organisation, spec.due_date, appeal, field_name="due_date")
    assignment = Assignment.objects.create(
        organisation=organisation,
        resolution=resolution,
        appeal=appeal,
        previous=previous,
        text=text,
        executor=spec.executor,
        controller=controller,
        due_date=spec.due_date,
        issued_by=actor,
    )
    assignment.co_executors.set(co_executors)
    audit_record(
        actor=actor,
        action=AuditAction.ASSIGNMENT_ISSUED,
        obj=assignment,
        organisation=organisation,
        after=snapshot(assignment, fields=["text", "executor", "co_executors", "controller", "due_date", "appeal"]),
    )
    subject = _("Новое поручение № %(n)s, срок %(d)s") % {"n": assignment.pk, "d": spec.due_date.strftime("%d.%m.%Y")}
    body = render_to_string("assignments/mail/issued.txt", {"assignment": assignment, "resolution": resolution})
    notices_send(
        organisation=organisation,
        recipients=[spec.executor, *co_executors],
        kind=NoticeKind.ISSUED,
        key=f"issued:{assignment.pk}",
        assignment=assignment,
        subject=subject,
        body=body,
    )
    return assignment


@transaction.atomic
def resolution_create(
    *,
    actor: User,
    organisation: Organisation,
    text: str,
    assignments: Sequence[AssignmentSpec],
    appeal: Appeal | None = None,
    document_kind: str = "",
    document_title: str = "",
    submission_key: str = "",
) -> Resolution:
    """A resolution on an appeal (or another registered document) and its assignments; executors are told at once.
    A form sent twice (same submission key) gives back the first resolution and writes nothing."""
    if not has_role(actor, organisation, *RESOLUTION_ROLES):
        raise PermissionDeniedError(_("Резолюцию пишет руководитель, его заместитель, контролёр или начальник отдела."))
    submission_key = (submission_key or "")[:64]
    if submission_key:
        existing = Resolution.objects.filter(organisation=organisation, submission_key=submission_key).first()
        if existing is not None:
            return existing
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите текст резолюции."), field="text")
    if len(text) > MAX_TEXT:
        raise ApplicationError(_("Текст резолюции слишком длинный."), field="text")
    if not assignments:
        raise ApplicationError(_("Назовите хотя бы одного исполнителя."), field="executor")
    if appeal is not None:
        appeal = Appeal.objects.select_for_update().select_related("organisation").get(pk=appeal.pk)
        if appeal.organisation_id != organisation.pk:
            raise PermissionDeniedError(_("Обращение другой организации."))
        if not may_see(actor, appeal):  # the resolution form opens the appeal through the same rule
            raise PermissionDeniedError(str(NOT_FOUND))
        if appeal.status not in OPEN_STATES:
            raise ApplicationError(_("Поручения даются только по обращению на рассмотрении."))
        document_kind = DocumentKind.APPEAL
        document_title = document_title or _("%(kind)s № %(n)s от %(d)s") % {
            "kind": appeal.get_kind_display(),
            "n": appeal.number,
            "d": appeal.registered_on.strftime("%d.%m.%Y"),
        }
    else:
        if document_kind not in DocumentKind.values or document_kind == DocumentKind.APPEAL:
            raise ApplicationError(_("Укажите вид документа."), field="document_kind")
        document_title = (document_title or "").strip()
        if not document_title:
            raise ApplicationError(_("Укажите документ, по которому дано поручение."), field="document_title")
    resolution = Resolution.objects.create(
        organisation=organisation,
        document_kind=document_kind,
        appeal=appeal,
        document_title=document_title[:500],
        text=text,
        author=actor,
        submission_key=submission_key,
    )
    audit_record(
        actor=actor,
        action=AuditAction.RESOLUTION_CREATED,
        obj=resolution,
        organisation=organisation,
        after=snapshot(resolution, fields=["document_kind", "appeal", "document_title", "text"]),
    )
    for spec in assignments:
        _assignment_create(actor=actor, resolution=resolution, spec=spec)
    return resolution


def _assignment_for_update(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("organisation", "appeal")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def assignment_report(
    *, actor: User, assignment: Assignment, text: str, files: Sequence[UploadedFile] = ()
) -> AssignmentReport:
    """The responsible executor reports; the controller gets the task «На принятие отчёта» (003 §11.5.2.1)."""
    assignment = _assignment_for_update(assignment)
    if actor.pk != assignment.executor_id:
        raise PermissionDeniedError(_("Отчёт направляет ответственный исполнитель поручения."))
    if not workflow.can("report", assignment.status):
        raise ApplicationError(
            _("По поручению в состоянии «%(s)s» отчёт не направляется.") % {"s": assignment.get_status_display()}
        )
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите, что сделано по поручению."), field="text")
    if len(text) > MAX_TEXT:
        raise ApplicationError(_("Текст отчёта слишком длинный."), field="text")
    validate_uploads(files)
    organisation = assignment.organisation
    today = today_for(organisation)
    accept_by = calendar_for(organisation).add_working_days(today, organisation.report_acceptance_working_days)
    report = AssignmentReport.objects.create(
        assignment=assignment, author=actor, text=text, submitted_on=today, accept_by=accept_by
    )
    stored: list[ReportFile] = []
    try:
        for upload in files:
            stored.append(
                ReportFile.objects.create(
                    report=report,
                    file=upload,
                    name=(upload.name or "file")[:255],
                    size=upload.size or 0,
                    content_type=(upload.content_type or "application/octet-stream")[:100],
                )
            )
    except Exception:
        for item in stored:
            item.file.storage.delete(item.file.name)
        raise
    assignment.status = workflow.next_status("report", assignment.status)
    assignment.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ASSIGNMENT_REPORTED,
        obj=assignment,
        organisation=organisation,
        after={"report": report.pk, "accept_by": accept_by.isoformat(), "files": [f.name for f in stored]},
    )
    notices_send(
        organisation=organisation,
        recipients=[assignment.controller],
        kind=NoticeKind.REPORTED,
        key=f"reported:{report.pk}",
        assignment=assignment,
        subject=_("На принятие отчёта: поручение № %(n)s, решение не позднее %(d)s")
        % {"n": assignment.pk, "d": accept_by.strftime("%d.%m.%Y")},
        body=render_to_string("assignments/mail/reported.txt", {"assignment": assignment, "report": report}),
    )
    return report


def _report_for_decision(actor: User, report: AssignmentReport) -> tuple[AssignmentReport, Assignment]:
    report = AssignmentReport.objects.select_for_update().get(pk=report.pk)
    assignment = _assignment_for_update(report.assignment)
    if actor.pk != assignment.controller_id:
        raise PermissionDeniedError(_("Решение по отчёту принимает контролёр поручения."))
    if report.decision != ReportDecision.PENDING or assignment.status != AssignmentStatus.REPORTED:
        raise ApplicationError(_("Решение по этому отчёту уже принято."))
    return report, assignment


def _decide(report: AssignmentReport, actor: User, decision: str, today: dt.date) -> None:
    report.decision, report.decided_by, report.decided_at = decision, actor, timezone.now()
    report.decided_late = today > report.accept_by
    report.save(update_fields=["decision", "decided_by", "decided_at", "decided_late", "reason", "updated_at"])


@transaction.atomic
def report_accept(*, actor: User, report: AssignmentReport) -> AssignmentReport:
    """The controller accepts the report: the assignment is executed and comes off control."""
    report, assignment = _report_for_decision(actor, report)
    organisation = assignment.organisation
    today = today_for(organisation)
    _decide(report, actor, ReportDecision.ACCEPTED, today)
    assignment.status, assignment.closed_at = workflow.next_status("accept", assignment.status), timezone.now()
    assignment.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ASSIGNMENT_REPORT_ACCEPTED,
        obj=assignment,
        organisation=organisation,
        after={"report": report.pk, "late": report.decided_late},
    )
    notices_send(
        organisation=organisation,
        recipients=[assignment.executor],
        kind=NoticeKind.ACCEPTED,
        key=f"accepted:{report.pk}",
        assignment=assignment,
        subject=_("Отчёт по поручению № %(n)s принят") % {"n": assignment.pk},
        body=render_to_string("assignments/mail/accepted.txt", {"assignment": assignment, "report": report}),
    )
    return report


@transaction.atomic
def report_reject(
    *,
    actor: User,
    report: AssignmentReport,
    reason: str,
    new_due_date: dt.date | None = None,
    new_assignment: AssignmentSpec | None = None,
) -> AssignmentReport:
    """Reject with a reason (the visa); optionally a new deadline, or a new assignment in place of this one."""
    report, assignment = _report_for_decision(actor, report)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Укажите причину отклонения отчёта."), field="reason")
    if new_due_date is not None and new_assignment is not None:
        raise ApplicationError(_("Установите новый срок или выдайте новое поручение, но не то и другое сразу."))
    organisation = assignment.organisation
    today = today_for(organisation)
    before = snapshot(assignment, fields=["status", "due_date"])
    report.reason = reason
    _decide(report, actor, ReportDecision.REJECTED, today)
    follower = None
    if new_assignment is not None:
        assignment.status, assignment.closed_at = AssignmentStatus.SUPERSEDED, timezone.now()
        assignment.save(update_fields=["status", "closed_at", "updated_at"])
        follower = _assignment_create(
            actor=actor, resolution=assignment.resolution, spec=new_assignment, previous=assignment
        )
    else:
        if new_due_date is not None:
            _check_due(organisation, new_due_date, assignment.appeal, field_name="new_due_date")
            assignment.due_date = new_due_date
        assignment.status = workflow.next_status("reject", assignment.status)
        assignment.save(update_fields=["status", "due_date", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ASSIGNMENT_REPORT_REJECTED,
        obj=assignment,
        organisation=organisation,
        before=before,
        after={
            "report": report.pk,
            "reason": reason,
            "due_date": assignment.due_date.isoformat(),
            "status": assignment.status,
            "new_assignment": follower.pk if follower else None,
        },
    )
    notices_send(
        organisation=organisation,
        recipients=[assignment.executor],
        kind=NoticeKind.REJECTED,
        key=f"rejected:{report.pk}",
        assignment=assignment,
        subject=_("На исполнение (отчёт отклонён): поручение № %(n)s") % {"n": assignment.pk},
        body=render_to_string(
            "assignments/mail/rejected.txt", {"assignment": assignment, "report": report, "follower": follower}
        ),
    )
    return report


@dataclass(frozen=True)
class NoticeDraft:
    """One notice to put in a person's workspace and e-mail; `key` is its unique sent-log key."""

    recipient: User
    kind: str
    key: str
    subject: str
    body: str
    assignment: Assignment | None = None


def notices_send_many(*, organisation: Organisation, drafts: Sequence[NoticeDraft]) -> list[ControlNotice]:
    """Write the notices whose keys are not yet in the log (one query, one insert) and e-mail each of them once."""
    unique = {draft.key: draft for draft in drafts if draft.recipient is not None}
    known = set(ControlNotice.objects.filter(key__in=list(unique)).values_list("key", flat=True))
    fresh = [
        ControlNotice(
            organisation=organisation,
            recipient=draft.recipient,
            kind=draft.kind,
            key=key,
            assignment=draft.assignment,
            subject=draft.subject[:300],
            body=draft.body,
        )
        for key, draft in unique.items()
        if key not in known
    ]
    ControlNotice.objects.bulk_create(fresh)
    for notice in fresh:
        notify_staff(recipients=[notice.recipient], subject=notice.subject, body=notice.body, about=notice)
    return fresh


def notices_send(
    *,
    organisation: Organisation,
    recipients: Iterable[User],
    kind: str,
    key: str,
    subject: str,
    body: str,
    assignment: Assignment | None = None,
) -> list[ControlNotice]:
    """Put a notice in each recipient's workspace and e-mail it, once: a key already in the log sends nothing."""
    drafts = [
        NoticeDraft(
            recipient=user, kind=kind, key=f"{key}:{user.pk}", subject=subject, body=body, assignment=assignment
        )
        for user in recipients
        if user is not None
    ]
    return notices_send_many(organisation=organisation, drafts=drafts)


@transaction.atomic
def notices_mark_read(*, actor: User, organisation: Organisation) -> int:
    """The person has seen their new notices (the «my tasks» page highlights them once)."""
    if not is_member(actor, organisation):
        return 0
    return ControlNotice.objects.filter(organisation=organisation, recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


CONTROL_SETTING_FIELDS = (
    "weekly_digest_weekday",
    "weekly_digest_hour",
    "final_control_weekday",
    "final_control_hour",
    "digest_horizon_days",
    "breach_memo_signer",
)
# Inclusive bounds: weekdays 0 (Monday) … 6, hours of the day, a digest looking at most a month ahead.
CONTROL_SETTING_BOUNDS = {"weekday": (0, 6), "hour": (0, 23), "days": (1, 31)}
CONTROL_TEXT_LIMITS = {"breach_memo_signer": 300}


def _verbose_name(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def control_settings_check(
    *, actor: User | None, organisation: Organisation, values: dict[str, int | str]
) -> dict[str, int | str]:
    """Refuse what control_settings_update would refuse (the admin form asks here); returns the values trimmed.

    `actor` None is the system (a preset being loaded); a person needs the administrator role of the body.
    """
    from .models import ControlSettings

    if actor is not None:
        require_role(actor, organisation, RoleCode.ADMINISTRATOR)
    unknown = set(values) - set(CONTROL_SETTING_FIELDS)
    if unknown:
        raise ApplicationError(_("Неизвестные настройки контроля: %(f)s") % {"f": ", ".join(sorted(unknown))})
    cleaned: dict[str, int | str] = {}
    for name, value in values.items():
        if name in CONTROL_TEXT_LIMITS:
            cleaned[name] = _control_text(name, value, _verbose_name(ControlSettings, name))
            continue
        low, high = CONTROL_SETTING_BOUNDS[name.rsplit("_", 1)[1]]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ApplicationError(
                _("Недопустимое значение настройки «%(f)s»: %(v)s (нужно целое число от %(low)s до %(high)s).")
                % {"f": _verbose_name(ControlSettings, name), "v": value, "low": low, "high": high},
                field=name,
            )
        cleaned[name] = value
    return cleaned


def _control_text(name: str, value: object, label: str) -> str:
    limit = CONTROL_TEXT_LIMITS[name]
    if not isinstance(value, str) or len(value.strip()) > limit:
        raise ApplicationError(
            _("«%(f)s»: текст не длиннее %(n)s знаков.") % {"f": label, "n": limit},
            field=name,
        )
    return value.strip()


@transaction.atomic
def control_settings_update(*, actor: User | None, organisation: Organisation, values: dict[str, int | str]) -> bool:
    """Set the two-stage control's days and hours and the memo's signer; True when something changed."""
    from .models import ControlSettings

    values = control_settings_check(actor=actor, organisation=organisation, values=values)
    row, created = ControlSettings.objects.select_for_update().get_or_create(organisation=organisation)
    before = snapshot(row, fields=list(CONTROL_SETTING_FIELDS))
    changed = created or any(getattr(row, name) != value for name, value in values.items())
    if not changed:
        return False
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.CONTROL_SETTINGS_UPDATED,
        obj=row,
        organisation=organisation,
        before=None if created else before,
        after=snapshot(row, fields=list(CONTROL_SETTING_FIELDS)),
    )
    return True
