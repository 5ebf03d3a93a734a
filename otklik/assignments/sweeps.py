"""Execution control on a schedule: overdue assignments and late acceptance daily, the weekly preventive digest
and the final control (004 App. 1 §6.1–6.3; 003 §11.5.1, §11.5.2.3). Every run is idempotent: what was sent is
recorded in ControlNotice under a unique key, and a rerun sends nothing twice.

The sweep never loads an organisation's appeals at once: it groups them in SQL, then reads one recipient's
list at a time (capped), so its memory does not grow with the volume of appeals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from otklik.appeals.models import Appeal
from otklik.appeals.workflow import OPEN_STATES
from otklik.calendars.selectors import calendar_for
from otklik.calendars.workdays import WorkCalendar
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.sweeps import register_sweep
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Membership, Organisation, Unit, User

from .choices import NoticeKind, ReportDecision
from .models import OPEN_STATUSES, Assignment, AssignmentReport, ControlNotice
from .selectors import control_settings_for
from .services import NoticeDraft, notices_send, notices_send_many

LIST_CAP = 200  # lines per message; the counts are always complete
BATCH = 100  # assignments per transaction in the overdue run; bounds the memory a run holds at once
# Who drafts the memo about a breached deadline (003 §11.5.1 «ответственный специалист»).
SPECIALIST_ROLES = (RoleCode.REGISTRAR,)


@dataclass(frozen=True)
class Line:
    """One line of a control list: an appeal or an assignment with its deadline."""

    what: str
    number: str
    due: dt.date
    executor: str = ""


def scheduled_day(calendar: WorkCalendar, today: dt.date, weekday: int) -> dt.date | None:
    """This week's day of a weekly run: the set weekday, or the next working day when it is a day off."""
    monday = today - dt.timedelta(days=today.weekday())
    day = calendar.next_working_day(monday + dt.timedelta(days=weekday))
    return day if day - monday < dt.timedelta(days=7) else None


def _members_with(organisation: Organisation, *roles: str) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organisation=organisation, is_active=True, user__is_active=True, roles__code__in=roles
    ).distinct()


# ----- daily: overdue assignments and late acceptance -------------------------------------------------------------


def overdue_control_run(organisation: Organisation, today: dt.date) -> int:
    """Tell each controller about each newly breached deadline (§11.5.2.3), then give the responsible specialists
    one list of the day's breaches with their memos to prepare (§11.5.1)."""
    breached = Assignment.objects.filter(
        organisation=organisation, status__in=OPEN_STATUSES, due_date__lt=today
    ).exclude(overdue_noticed_for=F("due_date"))
    sent, last, lines = 0, 0, list[Assignment]()
    while True:
        batch = list(
            breached.filter(pk__gt=last).select_related("controller", "executor", "appeal").order_by("pk")[:BATCH]
        )
        if not batch:
            break
        with transaction.atomic():
            drafts = []
            for assignment in batch:
                drafts.append(
                    NoticeDraft(
                        recipient=assignment.controller,
                        kind=NoticeKind.OVERDUE,
                        key=f"overdue:{assignment.pk}:{assignment.due_date.isoformat()}:{assignment.controller_id}",
                        assignment=assignment,
                        subject=_("Нарушен срок исполнения поручения № %(n)s (срок %(d)s)")
                        % {"n": assignment.pk, "d": assignment.due_date.strftime("%d.%m.%Y")},
                        body=render_to_string(
                            "assignments/mail/overdue.txt", {"assignment": assignment, "today": today}
                        ),
                    )
                )
                audit_record(
                    actor=None,
                    action=AuditAction.ASSIGNMENT_OVERDUE,
                    obj=assignment,
                    organisation=organisation,
                    after={"due_date": assignment.due_date.isoformat(), "noticed_on": today.isoformat()},
                )
                if len(lines) < LIST_CAP:
                    lines.append(assignment)
            sent += len(notices_send_many(organisation=organisation, drafts=drafts))
            Assignment.objects.filter(pk__in=[a.pk for a in batch]).update(overdue_noticed_for=F("due_date"))
        last = batch[-1].pk
    if sent:
        specialists = [m.user for m in _members_with(organisation, *SPECIALIST_ROLES).select_related("user")]
        with transaction.atomic():
            sent += len(
                notices_send(
                    organisation=organisation,
                    recipients=specialists,
                    kind=NoticeKind.OVERDUE,
                    key=f"overdue-memos:{organisation.pk}:{today.isoformat()}",
                    subject=_("Нарушены сроки исполнения поручений на %(d)s: подготовьте служебные записки")
                    % {"d": today.strftime("%d.%m.%Y")},
                    body=render_to_string(
                        "assignments/mail/overdue_memos.txt", {"assignments": lines, "today": today, "cap": LIST_CAP}
                    ),
                )
            )
    return sent


def _superiors(organisation: Organisation, user: User) -> list[User]:
    """The controller's superior: the head of their unit, or the head of the organisation."""
    membership = Membership.objects.filter(organisation=organisation, user=user).first()
    if membership and membership.unit_id:
        heads = [
            m.user
            for m in _members_with(organisation, RoleCode.UNIT_HEAD)
            .filter(unit_id=membership.unit_id)
            .exclude(user=user)
            .select_related("user")
        ]
        if heads:
            return heads
    return [m.user for m in _members_with(organisation, RoleCode.HEAD).exclude(user=user).select_related("user")]


def late_acceptance_run(organisation: Organisation, today: dt.date) -> int:
    """A report left without a decision past its working-day term is flagged to the controller's superior."""
    late = AssignmentReport.objects.filter(
        assignment__organisation=organisation, decision=ReportDecision.PENDING, accept_by__lt=today, late_flagged=False
    ).select_related("assignment__controller")
    sent = 0
    for report in late[:BATCH]:
        assignment = report.assignment
        with transaction.atomic():
            notices = notices_send(
                organisation=organisation,
                recipients=_superiors(organisation, assignment.controller),
                kind=NoticeKind.ACCEPTANCE_LATE,
                key=f"acceptance-late:{report.pk}",
                assignment=assignment,
                subject=_("Отчёт по поручению № %(n)s не рассмотрен контролёром в срок (до %(d)s)")
                % {"n": assignment.pk, "d": report.accept_by.strftime("%d.%m.%Y")},
                body=render_to_string("assignments/mail/acceptance_late.txt", {"report": report, "today": today}),
            )
            AssignmentReport.objects.filter(pk=report.pk).update(late_flagged=True)
        sent += len(notices)
    return sent


# ----- weekly: preventive digest and final control ---------------------------------------------------------------


def _appeal_lines(queryset: QuerySet[Appeal]) -> list[Line]:
    label = _("Обращение")
    rows = queryset.order_by("governing_due_date", "year", "sequence").values_list(
        "number", "governing_due_date", "executor__last_name", "executor__first_name"
    )[:LIST_CAP]
    return [Line(str(label), number, due, f"{last} {first}".strip()) for number, due, last, first in rows]


def _assignment_lines(queryset: QuerySet[Assignment]) -> list[Line]:
    label = _("Поручение")
    rows = queryset.order_by("due_date", "pk").values_list(
        "pk", "due_date", "executor__last_name", "executor__first_name", "resolution__document_title"
    )[:LIST_CAP]
    return [
        Line(str(label), f"№ {pk} ({title})", due, f"{last} {first}".strip()) for pk, due, last, first, title in rows
    ]


def _lines_text(lines: list[Line], count: int, *, show_executor: bool) -> str:
    """The list as plain text, built in Python: a template loop over thousands of lines costs seconds."""
    due_word = _("срок")
    out = [
        f"- {line.what} {line.number}, {due_word} {line.due:%d.%m.%Y}"
        + (f", {line.executor}" if show_executor and line.executor else "")
        for line in lines
    ]
    if count > len(lines):
        out.append(_("… всего %(n)s; полный список — в очереди обращений.") % {"n": count})
    return "\n".join(out)


def _counts_by(queryset: QuerySet[Any], column: str) -> dict[int, int]:
    """One GROUP BY: how many rows each recipient has."""
    return {
        value: n
        for value, n in queryset.order_by().values_list(column).annotate(n=Count("pk")).values_list(column, "n")
        if value is not None
    }


def _send_lists(
    *,
    organisation: Organisation,
    kind: str,
    key: str,
    recipients: dict[int, User],
    appeals: QuerySet[Appeal],
    assignments: QuerySet[Assignment],
    by_appeal: str,
    by_assignment: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    appeal_counts: dict[int, int] | None = None,
    assignment_counts: dict[int, int] | None = None,
) -> int:
    """For each recipient (one at a time), their capped lists and full counts; skip those already sent."""
    prefix = f"{key}:"
    stored = ControlNotice.objects.filter(key__startswith=prefix).values_list("key", flat=True)
    done = {int(k[len(prefix) :]) for k in stored if k[len(prefix) :].isdigit()}
    show_executor = not by_appeal
    sent, drafts = 0, list[NoticeDraft]()
    for user_pk, user in recipients.items():
        if user_pk in done:
            continue
        own_appeals = appeals.filter(**{by_appeal: user_pk}) if by_appeal else appeals
        own_assignments = assignments.filter(**{by_assignment: user_pk}) if by_assignment else assignments
        appeal_count = appeal_counts.get(user_pk, 0) if appeal_counts is not None else own_appeals.count()
        assignment_count = (
            assignment_counts.get(user_pk, 0) if assignment_counts is not None else own_assignments.count()
        )
        if not appeal_count and not assignment_count:
            continue
        appeal_lines = _appeal_lines(own_appeals) if appeal_count else []
        assignment_lines = _assignment_lines(own_assignments) if assignment_count else []
        body = render_to_string(
            template,
            {
                **context,
                "recipient": user,
                "organisation": organisation,
                "appeal_lines": _lines_text(appeal_lines, appeal_count, show_executor=show_executor),
                "assignment_lines": _lines_text(assignment_lines, assignment_count, show_executor=show_executor),
                "appeal_count": appeal_count,
                "assignment_count": assignment_count,
            },
        )
        drafts.append(NoticeDraft(recipient=user, kind=kind, key=f"{prefix}{user_pk}", subject=subject, body=body))
        if len(drafts) >= BATCH // 5:
            sent += _flush(organisation, drafts)
    return sent + _flush(organisation, drafts)


def _flush(organisation: Organisation, drafts: list[NoticeDraft]) -> int:
    """Write and send the gathered notices in one transaction (one key query, one insert) and empty the list."""
    with transaction.atomic():
        sent = len(notices_send_many(organisation=organisation, drafts=drafts))
    drafts.clear()
    return sent


def _users(pks: set[int]) -> dict[int, User]:
    return {user.pk: user for user in User.objects.filter(pk__in=pks, is_active=True).order_by("pk")}


def weekly_digest_run(organisation: Organisation, today: dt.date, horizon_days: int = 7) -> int:
    """Preventive control (004 App. 1 §6.2): each executor learns what falls due in the coming week."""
    until = today + dt.timedelta(days=horizon_days - 1)
    appeals = Appeal.objects.filter(
        organisation=organisation, status__in=OPEN_STATES, governing_due_date__gte=today, governing_due_date__lte=until
    )
    assignments = Assignment.objects.filter(
        organisation=organisation, status__in=OPEN_STATUSES, due_date__gte=today, due_date__lte=until
    )
    appeal_counts, assignment_counts = _counts_by(appeals, "executor_id"), _counts_by(assignments, "executor_id")
    monday = today - dt.timedelta(days=today.weekday())
    return _send_lists(
        organisation=organisation,
        kind=NoticeKind.WEEKLY_DIGEST,
        key=f"digest:{organisation.pk}:{monday.isoformat()}",
        recipients=_users({*appeal_counts, *assignment_counts}),
        appeal_counts=appeal_counts,
        assignment_counts=assignment_counts,
        appeals=appeals,
        assignments=assignments,
        by_appeal="executor_id",
        by_assignment="executor_id",
        subject=_("Предупредительный контроль: срок исполнения истекает на предстоящей неделе (%(a)s – %(b)s)")
        % {"a": today.strftime("%d.%m.%Y"), "b": until.strftime("%d.%m.%Y")},
        template="assignments/mail/weekly_digest.txt",
        context={"today": today, "until": until},
    )


def final_control_run(organisation: Organisation, today: dt.date) -> int:
    """Final control (004 App. 1 §6.3): overdue appeals and assignments to their executors, to the heads of their
    units, and a summary by unit to the head of the organisation."""
    appeals = Appeal.objects.filter(organisation=organisation, status__in=OPEN_STATES, governing_due_date__lt=today)
    assignments = Assignment.objects.filter(organisation=organisation, status__in=OPEN_STATUSES, due_date__lt=today)
    key = f"final:{organisation.pk}:{today.isoformat()}"
    subject = _("Окончательный контроль на %(d)s: не исполненные в срок обращения и поручения") % {
        "d": today.strftime("%d.%m.%Y")
    }
    common: dict[str, Any] = {
        "organisation": organisation,
        "subject": subject,
        "template": "assignments/mail/final_control.txt",
    }
    # 1. Executors: their own overdue appeals and assignments.
    appeal_counts, assignment_counts = _counts_by(appeals, "executor_id"), _counts_by(assignments, "executor_id")
    sent = _send_lists(
        kind=NoticeKind.FINAL_CONTROL, key=key, recipients=_users({*appeal_counts, *assignment_counts}),
        appeals=appeals, assignments=assignments, by_appeal="executor_id", by_assignment="executor_id",
        context={"today": today, "audience": "executor"}, appeal_counts=appeal_counts,
        assignment_counts=assignment_counts, **common,
    )  # fmt: skip
    # 2. Unit heads: their unit's overdue appeals and the assignments of its staff.
    for membership in _members_with(organisation, RoleCode.UNIT_HEAD).exclude(unit=None).select_related("user", "unit"):
        unit: Unit = membership.unit  # type: ignore[assignment]
        staff = Membership.objects.filter(organisation=organisation, unit=unit).values("user_id")
        sent += _send_lists(
            kind=NoticeKind.FINAL_CONTROL, key=f"{key}:unit{unit.pk}", recipients={membership.user_id: membership.user},
            appeals=appeals.filter(unit=unit), assignments=assignments.filter(executor_id__in=staff),
            by_appeal="", by_assignment="", context={"today": today, "audience": "unit", "unit": unit},
            **common,
        )  # fmt: skip
    # 3. The head: counts by unit (one GROUP BY) and the capped list.
    by_unit = list(appeals.values("unit__name").annotate(n=Count("pk")).order_by("-n", "unit__name"))
    heads = {m.user_id: m.user for m in _members_with(organisation, RoleCode.HEAD).select_related("user")}
    sent += _send_lists(
        kind=NoticeKind.FINAL_CONTROL, key=f"{key}:head", recipients=heads, appeals=appeals, assignments=assignments,
        by_appeal="", by_assignment="", context={"today": today, "audience": "head", "by_unit": by_unit},
        **common,
    )  # fmt: skip
    return sent


def _is_due(now_local: dt.datetime, calendar: WorkCalendar, weekday: int, hour: int) -> bool:
    return scheduled_day(calendar, now_local.date(), weekday) == now_local.date() and now_local.hour >= hour


def control_run(organisation: Organisation, now: dt.datetime) -> dict[str, int]:
    """Everything the control owes this organisation at `now`; safe to call as often as the scheduler likes."""
    local = now.astimezone(organisation.tz)
    today = local.date()
    settings = control_settings_for(organisation)
    calendar = calendar_for(organisation)
    report = {
        "overdue": overdue_control_run(organisation, today),
        "acceptance_late": late_acceptance_run(organisation, today),
        "weekly_digest": 0,
        "final_control": 0,
    }
    if _is_due(local, calendar, settings.weekly_digest_weekday, settings.weekly_digest_hour):
        report["weekly_digest"] = weekly_digest_run(organisation, today, settings.digest_horizon_days)
    if _is_due(local, calendar, settings.final_control_weekday, settings.final_control_hour):
        report["final_control"] = final_control_run(organisation, today)
    return report


@register_sweep("execution-control")
def execution_control(now: dt.datetime) -> dict[str, Any]:
    totals = {"overdue": 0, "acceptance_late": 0, "weekly_digest": 0, "final_control": 0}
    for organisation in Organisation.objects.filter(is_active=True).order_by("pk"):
        for name, count in control_run(organisation, now).items():
            totals[name] += count
    return totals
