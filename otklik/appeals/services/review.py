"""Consideration of an appeal: extension, forwarding, notices to the author, control, questions and their results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.calendars.selectors import calendar_for, today_for
from otklik.core.errors import ApplicationError
from otklik.notifications.message_templates import render_message
from otklik.notifications.services import notify_address
from otklik.orgs.models import User

from .. import events
from .. import terms as legal
from ..choices import (
    AppealKind,
    NoticeKind,
    QuestionResult,
)
from ..mail_threads import mail_thread_for
from ..message_events import APPEAL_NOTICE
from ..models import (
    Appeal,
    ClassifierNode,
    Notice,
    Question,
)
from ..workflow import (
    add_question_refusal,
    extend_refusal,
    forward_refusal,
    next_status,
    send_notice_refusal,
    set_results_refusal,
    take_on_control_refusal,
)
from .common import appeal_for_update, refuse, section_codes, terms_for


def _notice(appeal: Appeal, kind: str, text: str, due_by: dt.date | None) -> Notice:
    notice = Notice.objects.create(
        appeal=appeal, kind=kind, text=text, due_by=due_by, sent_by_email_to=appeal.author.email
    )
    message = render_message(
        organisation=appeal.organisation,
        event=APPEAL_NOTICE.code,
        values={"number": appeal.number, "what": notice.get_kind_display().lower(), "notice_text": text},
    )
    notify_address(
        email=appeal.author.email,
        subject=message.subject,
        body=message.body,
        about=appeal,
        thread=mail_thread_for(appeal),
    )
    return notice


@transaction.atomic
def appeal_extend(*, actor: User, appeal: Appeal, days: int, reason: str) -> Appeal:
    """Extend the term once, by at most 30 days (8-FZ requests: defer by at most 15), with a notice to the author."""
    appeal = appeal_for_update(appeal, actor=actor)
    organisation = appeal.organisation
    refuse(extend_refusal(actor, appeal))
    terms = terms_for(organisation)
    limit = legal.extension_limit(terms, kind=appeal.kind)
    if not isinstance(days, int) or not 1 <= days <= limit:
        raise ApplicationError(_("Продлить можно на срок от 1 до %(n)s дней.") % {"n": limit}, field="days")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Укажите основание продления."), field="reason")
    calendar = calendar_for(organisation)
    appeal.extended_due_date = legal.extended_due_date(calendar, terms, due=appeal.due_date, days=days)
    appeal.governing_due_date = appeal.extended_due_date
    appeal.extension_reason = reason
    appeal.save(update_fields=["extended_due_date", "governing_due_date", "extension_reason", "updated_at"])
    text = _("Срок рассмотрения вашего %(what)s № %(n)s от %(date)s продлён до %(due)s. Основание: %(reason)s") % {
        "what": _("обращения") if appeal.kind == AppealKind.APPEAL else _("запроса"),
        "n": appeal.number,
        "date": appeal.registered_on.strftime("%d.%m.%Y"),
        "due": appeal.extended_due_date.strftime("%d.%m.%Y"),
        "reason": reason,
    }
    notice_kind = NoticeKind.DEFERRAL if appeal.kind == AppealKind.REQUEST else NoticeKind.EXTENSION
    _notice(appeal, notice_kind, text, due_by=appeal.due_date)
    events.extended(appeal=appeal, actor=actor, days=days, reason=reason)
    return appeal


@transaction.atomic
def appeal_forward(*, actor: User, appeal: Appeal, to_body: str, reason: str) -> Appeal:
    """Forward an out-of-competence appeal to the competent body, with a notice to the author (§6.7)."""
    appeal = appeal_for_update(appeal, actor=actor)
    organisation = appeal.organisation
    refuse(forward_refusal(actor, appeal))
    to_body, reason = (to_body or "").strip(), (reason or "").strip()
    if not to_body:
        raise ApplicationError(_("Укажите орган, в компетенцию которого входит решение вопросов."), field="to_body")
    if not reason:
        raise ApplicationError(_("Укажите, почему вопросы не относятся к компетенции органа."), field="reason")
    today = today_for(organisation)
    appeal.status = next_status("forward", appeal.status)
    appeal.forwarded_to, appeal.forwarded_at = to_body, timezone.now()
    appeal.save(update_fields=["status", "forwarded_to", "forwarded_at", "updated_at"])
    text = (
        _(
            "Ваше обращение № %(n)s от %(date)s переадресовано в %(body)s, так как %(reason)s. Ответ вам направит этот орган."
        )
        if appeal.kind == AppealKind.APPEAL
        else _(
            "Ваш запрос № %(n)s от %(date)s переадресован в %(body)s, так как %(reason)s. Ответ вам направит этот орган."
        )
    ) % {"n": appeal.number, "date": appeal.registered_on.strftime("%d.%m.%Y"), "body": to_body, "reason": reason}
    _notice(appeal, NoticeKind.FORWARDED, text, due_by=appeal.forward_due_date)
    events.forwarded(appeal=appeal, actor=actor, to_body=to_body, reason=reason, late=today > appeal.forward_due_date)
    return appeal


@transaction.atomic
def appeal_notice_send(*, actor: User, appeal: Appeal, kind: str, explanation: str = "") -> Notice:
    """Tell the author that the essence cannot be determined or the text cannot be read (§6.8; 59-FZ art. 11)."""
    appeal = appeal_for_update(appeal, actor=actor)
    refuse(send_notice_refusal(actor, appeal))
    if kind not in (NoticeKind.ESSENCE_UNDETERMINABLE, NoticeKind.UNREADABLE):
        raise ApplicationError(_("Такое уведомление здесь не направляется."), field="kind")
    if appeal.notices.filter(kind=kind).exists():
        raise ApplicationError(_("Это уведомление уже направлено."), field="kind")
    base = (
        _(
            "Суть вашего обращения № %(n)s от %(date)s определить невозможно, поэтому ответ по существу не может быть дан."
        )
        if kind == NoticeKind.ESSENCE_UNDETERMINABLE
        else _("Текст вашего обращения № %(n)s от %(date)s не поддаётся прочтению, поэтому ответ на него не даётся.")
    ) % {"n": appeal.number, "date": appeal.registered_on.strftime("%d.%m.%Y")}
    explanation = (explanation or "").strip()
    text = f"{base} {explanation}".strip()
    notice = _notice(appeal, kind, text, due_by=appeal.forward_due_date)
    events.notice_sent(appeal=appeal, actor=actor, notice=notice, explanation=explanation)
    return notice


# --- consideration: control, question results, answers, closing (R-AP-6, R-AP-8, R-AP-9) -------------------


@transaction.atomic
def appeal_take_on_control(*, actor: User, appeal: Appeal, executor: User, unit: Any = None) -> Appeal:
    """The official puts the appeal on control and names its executor; only this official may close it later."""
    appeal = appeal_for_update(appeal, actor=actor)
    refuse(take_on_control_refusal(actor, appeal))
    if not executor.memberships.filter(organisation=appeal.organisation, is_active=True).exists():
        raise ApplicationError(_("Исполнитель должен быть сотрудником органа."), field="executor")
    appeal.controller, appeal.executor = actor, executor
    appeal.status = next_status("take_on_control", appeal.status)
    appeal.unit = unit or getattr(executor.memberships.filter(organisation=appeal.organisation).first(), "unit", None)
    appeal.save(update_fields=["controller", "executor", "unit", "status", "updated_at"])
    events.put_on_control(appeal=appeal, actor=actor, executor=executor)
    return appeal


@transaction.atomic
def question_result_set(*, actor: User, question: Question, result: str) -> Question:
    """Record the result of one question (supported, explained, not supported, measures taken, left unanswered)."""
    question = Question.objects.select_related("appeal__organisation").get(pk=question.pk)
    appeal = question.appeal
    refuse(set_results_refusal(actor, appeal))
    if result not in QuestionResult.values:
        raise ApplicationError(_("Выберите результат рассмотрения вопроса."), field="result")
    question.result = result
    question.save(update_fields=["result"])
    events.question_result_set(appeal=appeal, actor=actor, question=question)
    return question


@transaction.atomic
def question_add(*, actor: User, appeal: Appeal, classifier_code: str, summary: str = "") -> Question:
    """Add a question coded by the thematic classifier (003 §8.6) to an appeal under consideration."""
    appeal = appeal_for_update(appeal, actor=actor)
    refuse(add_question_refusal(actor, appeal))
    node = ClassifierNode.objects.filter(code=classifier_code.strip(), is_active=True).first()
    if node is None:
        raise ApplicationError(
            _("Нет такой темы в классификаторе: %(code)s") % {"code": classifier_code}, field="classifier_code"
        )
    if appeal.questions.filter(classifier=node).exists():
        raise ApplicationError(_("Вопрос с этой темой уже есть в обращении."), field="classifier_code")
    position = appeal.questions.count() + 1
    question = Question.objects.create(
        appeal=appeal, position=position, classifier=node, summary=summary.strip(), section_code=node.section_code
    )
    appeal.section_codes = section_codes([*appeal.section_codes.split(), node.section_code])
    appeal.save(update_fields=["section_codes", "updated_at"])
    events.question_added(appeal=appeal, actor=actor, question=question)
    return question
