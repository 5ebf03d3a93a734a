"""Answers to appeals: drafting, approval, signature with the outgoing number, and sending (R-AP-8)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.calendars.selectors import today_for
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.numbering import counter_next
from otklik.notifications.message_templates import RenderedMessage, render_message
from otklik.notifications.services import notify_address
from otklik.orgs.models import User

from .. import events
from ..choices import (
    AnswerKind,
    AnswerOutcome,
    DeliveryChannel,
    IntakeChannel,
    TypedGround,
)
from ..mail_threads import mail_thread_for
from ..message_events import APPEAL_ANSWERED
from ..models import (
    Answer,
    AnswerTemplate,
    Appeal,
)
from ..rating_links import rating_url
from ..selectors import NOT_FOUND, may_see
from ..workflow import (
    CLOSING_KINDS,
    answer_next_status,
    approve_answer_refusal,
    draft_answer_refusal,
    next_status,
    send_answer_refusal,
    sending_action,
    sign_answer_refusal,
)
from .common import appeal_for_update, refuse

DEFAULT_TYPED_TEXTS = {
    TypedGround.COURT_DECISION: "Ваше обращение № {number} от {date} содержит вопрос, по которому имеется вступившее в "
    "законную силу судебное решение. В соответствии с частью 2 статьи 11 Федерального закона от 02.05.2006 № 59-ФЗ "
    "обращение возвращается без рассмотрения по существу.",
    TypedGround.OBSCENE: "Ваше обращение № {number} от {date} содержит нецензурные либо оскорбительные выражения, угрозы "
    "жизни, здоровью и имуществу должностного лица. В соответствии с частью 3 статьи 11 Федерального закона № 59-ФЗ "
    "обращение оставлено без ответа по существу; сообщаем о недопустимости злоупотребления правом.",
    TypedGround.UNREADABLE: "Текст вашего обращения № {number} от {date} не поддаётся прочтению, поэтому ответ на него "
    "не дается (часть 4 статьи 11 Федерального закона № 59-ФЗ).",
    TypedGround.ESSENCE_UNDETERMINABLE: "Суть вашего обращения № {number} от {date} определить невозможно, поэтому "
    "ответ по существу не дается (часть 4.1 статьи 11 Федерального закона № 59-ФЗ).",
    TypedGround.REPEATED: "В вашем обращении № {number} от {date} содержится вопрос, на который вам неоднократно давались "
    "письменные ответы по существу, и не приводятся новые доводы или обстоятельства. Переписка с вами по данному "
    "вопросу прекращается (часть 5 статьи 11 Федерального закона № 59-ФЗ).",
    TypedGround.PUBLISHED: "Ответ на вопрос вашего обращения № {number} от {date} размещён на официальном сайте "
    "{organisation} в разделе «Часто задаваемые вопросы» (часть 4 статьи 10 Федерального закона № 59-ФЗ).",
    TypedGround.STATE_SECRET: "Ответ по существу вашего обращения № {number} от {date} не может быть дан без разглашения "
    "сведений, составляющих государственную или иную охраняемую федеральным законом тайну (часть 6 статьи 11 "
    "Федерального закона № 59-ФЗ).",
}


def executor_mark(user: User) -> str:
    """The executor mark of 004 App. 1 §5.2–5.3: full name, phone and e-mail of the person who prepared the answer."""
    if not (user.full_name and user.phone and user.email):
        raise ApplicationError(
            _("Для отметки об исполнителе в профиле сотрудника нужны ФИО, телефон и электронная почта (п. 5.2)."),
            field="executor",
        )
    return f"{user.full_name}, {user.phone}, {user.email}"


def _default_delivery(appeal: Appeal) -> str:
    if appeal.for_official_use:
        return DeliveryChannel.REGISTERED_POST
    if appeal.channel in (IntakeChannel.POST, IntakeChannel.RECEPTION, IntakeChannel.FORWARDED):
        return (
            DeliveryChannel.POST if appeal.author.postal_address or not appeal.author.email else DeliveryChannel.EMAIL
        )
    if appeal.channel in (IntakeChannel.PORTAL, IntakeChannel.API, IntakeChannel.EPGU, IntakeChannel.POS):
        return DeliveryChannel.PORTAL
    return DeliveryChannel.EMAIL if appeal.author.email else DeliveryChannel.POST


def typed_answer_text(appeal: Appeal, ground: str) -> str:
    template = AnswerTemplate.objects.filter(organisation=appeal.organisation, ground=ground).first()
    text = template.text if template else DEFAULT_TYPED_TEXTS[TypedGround(ground)]
    return text.format(
        number=appeal.number,
        date=appeal.registered_on.strftime("%d.%m.%Y"),
        author=appeal.author,
        organisation=appeal.organisation.name,
    )


@transaction.atomic
def answer_draft(
    *,
    actor: User,
    appeal: Appeal,
    kind: str = AnswerKind.FINAL,
    text: str = "",
    outcome: str = "",
    solve_by: dt.date | None = None,
    typed_ground: str = "",
    delivery: str = "",
) -> Answer:
    """The executor drafts an answer; a typed answer takes the organisation's template for its ground."""
    appeal = appeal_for_update(appeal, actor=actor)
    refuse(draft_answer_refusal(actor, appeal))
    if kind not in AnswerKind.values:
        raise ApplicationError(_("Неизвестный вид ответа."), field="kind")
    if kind == AnswerKind.TYPED:
        if typed_ground not in TypedGround.values:
            raise ApplicationError(_("Выберите основание типового ответа."), field="typed_ground")
        text = text.strip() or typed_answer_text(appeal, typed_ground)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите текст ответа."), field="text")
    if kind == AnswerKind.FINAL:
        if outcome not in AnswerOutcome.values:
            raise ApplicationError(
                _("Укажите итог: решён, будет решён к сроку, может быть решён или не может быть решён (п. 2.2)."),
                field="outcome",
            )
        if outcome == AnswerOutcome.WILL_BE_SOLVED and solve_by is None:
            raise ApplicationError(_("Укажите срок, к которому вопрос будет решён."), field="solve_by")
    delivery = delivery or _default_delivery(appeal)
    if delivery not in DeliveryChannel.values:
        raise ApplicationError(_("Неизвестный способ направления ответа."), field="delivery")
    if appeal.for_official_use and delivery != DeliveryChannel.REGISTERED_POST:
        raise ApplicationError(
            _("Ответ с пометкой «Для служебного пользования» направляется только заказным письмом (п. 2.4)."),
            field="delivery",
        )
    if delivery == DeliveryChannel.EMAIL and not appeal.author.email:
        raise ApplicationError(_("У автора нет адреса электронной почты."), field="delivery")
    if delivery in (DeliveryChannel.POST, DeliveryChannel.REGISTERED_POST) and not appeal.author.postal_address:
        raise ApplicationError(_("У автора нет почтового адреса."), field="delivery")
    answer = Answer.objects.create(
        appeal=appeal,
        kind=kind,
        typed_ground=typed_ground if kind == AnswerKind.TYPED else "",
        outcome=outcome if kind == AnswerKind.FINAL else "",
        solve_by=solve_by,
        text=text,
        delivery=delivery,
        executor=actor,
        executor_mark=executor_mark(actor),
    )
    events.answer_drafted(answer=answer, actor=actor)
    return answer


def _answer_for_update(answer: Answer, *, actor: User) -> Answer:
    """The answer, locked, refused to an actor who may not see its appeal (as `appeal_for_update` refuses)."""
    locked = (
        Answer.objects.select_for_update().select_related("appeal__organisation", "appeal__author").get(pk=answer.pk)
    )
    if not may_see(actor, locked.appeal):
        raise PermissionDeniedError(str(NOT_FOUND))
    return locked


@transaction.atomic
def answer_approve(*, actor: User, answer: Answer) -> Answer:
    answer = _answer_for_update(answer, actor=actor)
    refuse(approve_answer_refusal(actor, answer))
    answer.status, answer.approved_by = answer_next_status("approve", answer.status), actor
    answer.save(update_fields=["status", "approved_by", "updated_at"])
    events.answer_approved(answer=answer, actor=actor)
    return answer


@transaction.atomic
def answer_sign(*, actor: User, answer: Answer) -> Answer:
    """An authorised official signs; the answer gets its outgoing number, linked to the appeal (§4.1)."""
    answer = _answer_for_update(answer, actor=actor)
    organisation = answer.appeal.organisation
    refuse(sign_answer_refusal(actor, answer))
    today = today_for(organisation)
    outgoing = counter_next(organisation_id=organisation.pk, year=today.year, kind="outgoing")
    answer.status = answer_next_status("sign", answer.status)
    answer.signed_by, answer.signed_at = actor, timezone.now()
    answer.outgoing_number, answer.outgoing_date = f"{outgoing}-исх/{today.year % 100:02d}", today
    answer.save(update_fields=["status", "signed_by", "signed_at", "outgoing_number", "outgoing_date", "updated_at"])
    events.answer_signed(answer=answer, actor=actor)
    return answer


def _answer_message(answer: Answer, appeal: Appeal) -> RenderedMessage:
    """The answer, the executor mark and, for an answer on the merits, the signed link to rate it (the body's template
    of «appeals.answer»)."""
    return render_message(
        organisation=appeal.organisation,
        event=APPEAL_ANSWERED.code,
        values={
            "number": appeal.number,
            "outgoing_number": answer.outgoing_number,
            "answer_text": answer.text,
            "executor_mark": answer.executor_mark,
            "rating_url": rating_url(appeal) if answer.kind in CLOSING_KINDS else "",
        },
    )


@transaction.atomic
def answer_send(*, actor: User, answer: Answer) -> Answer:
    """Send a signed answer through the channel the appeal came by; a final answer moves the appeal to «answered»."""
    answer = _answer_for_update(answer, actor=actor)
    answer.appeal = appeal = appeal_for_update(answer.appeal, actor=actor)
    refuse(send_answer_refusal(actor, answer))
    answer.status, answer.sent_at = answer_next_status("send", answer.status), timezone.now()
    answer.save(update_fields=["status", "sent_at", "updated_at"])
    status = next_status(sending_action(answer.kind), appeal.status)
    if status != appeal.status:
        appeal.status = status
        appeal.save(update_fields=["status", "updated_at"])
    if answer.delivery in (DeliveryChannel.EMAIL, DeliveryChannel.PORTAL) and appeal.author.email:
        message = _answer_message(answer, appeal)
        notify_address(
            email=appeal.author.email,
            subject=message.subject,
            body=message.body,
            about=appeal,
            thread=mail_thread_for(appeal),
        )
    events.answer_sent(answer=answer, actor=actor)
    return answer
