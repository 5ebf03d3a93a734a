"""Follow-up of negative questionnaires: opening a task with its term, overdue reminders, closing with measures."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.calendars.selectors import calendar_for, today_for
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.notifications.services import notify_staff
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Membership, Organisation, User
from otklik.orgs.permissions import has_role

from ..choices import FollowUpStatus
from ..models import FeedbackSettings, FollowUpTask, Response
from ._common import MANAGER_ROLES
from .anonymous_buffer import shuffled
from .feedback_settings import settings_for


def _responsible_for(organisation: Organisation, rules: FeedbackSettings) -> User | None:
    """The settings' responsible person while active, else the first deputy head for clients, else the head."""
    if rules.responsible_id and rules.responsible and rules.responsible.is_active:
        return rules.responsible
    for role in (RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD):
        membership = (
            Membership.objects.filter(organisation=organisation, is_active=True, roles__code=role, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return membership.user
    return None


@transaction.atomic
def follow_up_open(*, response: Response, today: dt.date) -> FollowUpTask:
    """Open the follow-up task of a negative questionnaire, due in the body's working days, and tell its holder."""
    organisation = response.organisation
    rules = settings_for(organisation)
    due = calendar_for(organisation).add_working_days(today, rules.follow_up_working_days)
    responsible = _responsible_for(organisation, rules)
    task = FollowUpTask.objects.create(
        organisation=organisation,
        survey=response.version.survey,
        response=response,
        reasons="\n".join(response.negative_reasons),
        responsible=responsible,
        opened_on=today,
        due_on=due,
    )
    response.follow_up_checked = True
    response.save(update_fields=["follow_up_checked"])
    audit_record(
        actor=None,
        action=AuditAction.FOLLOW_UP_OPENED,
        obj=task,
        organisation=organisation,
        after={"due_on": due.isoformat(), "responsible": responsible.pk if responsible else None},
    )
    if responsible is not None:
        notify_staff(
            recipients=[responsible],
            subject=_("Негативная анкета: нужна отработка до %(d)s") % {"d": due.strftime("%d.%m.%Y")},
            body=_("По опросу «%(s)s» получена негативная анкета:\n%(r)s\n\nСрок отработки — %(d)s.")
            % {"s": task.survey.title, "r": task.reasons, "d": due.strftime("%d.%m.%Y")},
            about=task,
        )
    return task


@transaction.atomic
def follow_up_anonymous_open(*, organisation: Organisation, today: dt.date) -> int:
    """Open tasks for negative anonymous questionnaires of earlier days, in random order (the daily sweep)."""
    pending = shuffled(
        Response.objects.select_related("version__survey", "organisation")
        .select_for_update()
        .filter(organisation=organisation, is_negative=True, follow_up_checked=False, submitted_on__lt=today)
        .order_by("pk")
    )
    for response in pending:
        follow_up_open(response=response, today=today)
    return len(pending)


@transaction.atomic
def follow_up_overdue_remind(*, organisation: Organisation, today: dt.date) -> int:
    """Tell the responsible person and the managers, once per task, that a follow-up is past its deadline."""
    overdue = list(
        FollowUpTask.objects.select_for_update(of=("self",))
        .select_related("survey", "responsible")
        .filter(organisation=organisation, status=FollowUpStatus.OPEN, due_on__lt=today, overdue_reminded=False)
    )
    if not overdue:
        return 0
    managers = list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__roles__code__in=MANAGER_ROLES,
        ).distinct()
    )
    for task in overdue:
        recipients = {*managers, *([task.responsible] if task.responsible else [])}
        notify_staff(
            recipients=recipients,
            subject=_("Просрочена отработка негативной анкеты"),
            body=_("Срок отработки анкеты по опросу «%(s)s» истёк %(d)s.\n%(r)s")
            % {"s": task.survey.title, "d": task.due_on.strftime("%d.%m.%Y"), "r": task.reasons},
            about=task,
        )
        task.overdue_reminded = True
        task.save(update_fields=["overdue_reminded", "updated_at"])
        audit_record(actor=None, action=AuditAction.FOLLOW_UP_OVERDUE_REMINDED, obj=task, organisation=organisation)
    return len(overdue)


def can_close_follow_up(user: User, task: FollowUpTask) -> bool:
    return task.responsible_id == user.pk or has_role(user, task.organisation, *MANAGER_ROLES)


@transaction.atomic
def follow_up_close(*, actor: User, task: FollowUpTask, measures: str) -> FollowUpTask:
    """Close a follow-up task with the measures taken (000 §6.2)."""
    task = FollowUpTask.objects.select_for_update().select_related("organisation").get(pk=task.pk)
    if not can_close_follow_up(actor, task):
        raise PermissionDeniedError(_("Закрыть задачу может ответственный или руководитель."))
    if task.status != FollowUpStatus.OPEN:
        raise ApplicationError(_("Задача уже закрыта."))
    if len(measures.strip()) < 10:
        raise ApplicationError(_("Опишите принятые меры (не короче 10 знаков)."), field="measures")
    task.status = FollowUpStatus.CLOSED
    task.measures = measures.strip()
    task.closed_on = today_for(task.organisation)
    task.closed_by = actor
    task.save()
    audit_record(
        actor=actor,
        action=AuditAction.FOLLOW_UP_CLOSED,
        obj=task,
        organisation=task.organisation,
        after={"measures": task.measures, "closed_on": task.closed_on.isoformat()},
    )
    return task
