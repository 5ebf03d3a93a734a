"""The appeal's timeline: one function per event writes the event and its audit row together (Saleor's events).

An event stores its parameters, not a sentence: `render` builds the sentence when it is read, in the reader's
language, so the English UI shows an English history. The audit actions keep the names they have always had.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record

from .choices import (
    AnswerKind,
    AppealEventKind,
    AppealKind,
    DeliveryChannel,
    IntakeChannel,
    NoticeKind,
    QuestionResult,
)
from .models import AppealEvent

if TYPE_CHECKING:
    from otklik.orgs.models import User

    from .models import Answer, AnswerRating, Appeal, AppealAccessGrant, Notice, Question

__all__ = [
    "AppealEventKind",
    "access_granted",
    "access_revoked",
    "answer_approved",
    "answer_drafted",
    "answer_rated",
    "answer_sent",
    "answer_signed",
    "closed",
    "extended",
    "forwarded",
    "notice_sent",
    "put_on_control",
    "question_added",
    "question_result_set",
    "registered",
    "render",
    "routed",
]

Kind = AppealEventKind


def _write(
    appeal: Appeal,
    actor: User | None,
    kind: AppealEventKind,
    params: dict[str, Any],
    *,
    action: str = "",
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AppealEvent:
    event = AppealEvent.objects.create(appeal=appeal, actor=actor, kind=kind, params=params)
    audit_record(
        actor=actor,
        action=action or f"appeal.{kind.value}",
        obj=obj if obj is not None else appeal,
        organisation=appeal.organisation,
        before=before,
        after=after,
    )
    return event


def _about(appeal: Appeal) -> dict[str, Any]:
    """What the author-facing sentences name: the appeal's kind, number and date."""
    return {"appeal_kind": appeal.kind, "number": appeal.number, "registered_on": appeal.registered_on.isoformat()}


# --- writers ------------------------------------------------------------------------------------------------------


def registered(*, appeal: Appeal, actor: User | None) -> AppealEvent:
    return _write(
        appeal,
        actor,
        Kind.REGISTERED,
        {"number": appeal.number, "channel": appeal.channel},
        after={
            "number": appeal.number,
            "kind": appeal.kind,
            "channel": appeal.channel,
            "due_date": appeal.due_date.isoformat(),
            "late_registration": appeal.late_registration,
        },
    )


def extended(*, appeal: Appeal, actor: User, days: int, reason: str) -> AppealEvent:
    assert appeal.extended_due_date is not None
    due = appeal.extended_due_date.isoformat()
    return _write(
        appeal,
        actor,
        Kind.EXTENDED,
        {**_about(appeal), "due": due, "days": days, "reason": reason},
        before={"due_date": appeal.due_date.isoformat()},
        after={"extended_due_date": due, "days": days, "reason": reason},
    )


def forwarded(*, appeal: Appeal, actor: User, to_body: str, reason: str, late: bool) -> AppealEvent:
    return _write(
        appeal,
        actor,
        Kind.FORWARDED,
        {**_about(appeal), "to_body": to_body, "reason": reason, "late": late},
        after={"to_body": to_body, "reason": reason, "late": late},
    )


def notice_sent(*, appeal: Appeal, actor: User, notice: Notice, explanation: str) -> AppealEvent:
    return _write(
        appeal,
        actor,
        Kind.NOTICE_SENT,
        {**_about(appeal), "notice": notice.kind, "explanation": explanation},
        action=f"appeal.notice.{notice.kind}",
        after={"text": notice.text},
    )


def put_on_control(*, appeal: Appeal, actor: User, executor: User) -> AppealEvent:
    return _write(
        appeal,
        actor,
        Kind.PUT_ON_CONTROL,
        {"executor": executor.pk, "executor_name": str(executor), "controller": actor.pk},
        after={"executor": executor.pk, "controller": actor.pk},
    )


def question_added(*, appeal: Appeal, actor: User, question: Question) -> AppealEvent:
    node = question.classifier
    assert node is not None
    return _write(
        appeal,
        actor,
        Kind.QUESTION_ADDED,
        {"question": question.pk, "position": question.position, "code": node.code, "name": node.name},
        after={"question": question.pk, "classifier_code": node.code},
    )


def question_result_set(*, appeal: Appeal, actor: User, question: Question) -> AppealEvent:
    return _write(
        appeal,
        actor,
        Kind.QUESTION_RESULT_SET,
        {"question": question.pk, "position": question.position, "result": question.result},
        after={"question": question.pk, "result": question.result},
    )


def answer_drafted(*, answer: Answer, actor: User) -> AppealEvent:
    return _write(
        answer.appeal,
        actor,
        Kind.ANSWER_DRAFTED,
        {"answer": answer.pk, "answer_kind": answer.kind, "outcome": answer.outcome},
        after={"answer": answer.pk, "kind": answer.kind, "outcome": answer.outcome},
    )


def answer_approved(*, answer: Answer, actor: User) -> AppealEvent:
    return _write(answer.appeal, actor, Kind.ANSWER_APPROVED, {"answer": answer.pk}, after={"answer": answer.pk})


def answer_signed(*, answer: Answer, actor: User) -> AppealEvent:
    assert answer.outgoing_date is not None
    return _write(
        answer.appeal,
        actor,
        Kind.ANSWER_SIGNED,
        {
            "answer": answer.pk,
            "outgoing_number": answer.outgoing_number,
            "outgoing_date": answer.outgoing_date.isoformat(),
        },
        after={"answer": answer.pk, "outgoing_number": answer.outgoing_number},
    )


def answer_sent(*, answer: Answer, actor: User) -> AppealEvent:
    return _write(
        answer.appeal,
        actor,
        Kind.ANSWER_SENT,
        {"answer": answer.pk, "outgoing_number": answer.outgoing_number, "delivery": answer.delivery},
        after={"answer": answer.pk, "delivery": answer.delivery},
    )


def closed(*, appeal: Appeal, actor: User) -> AppealEvent:
    assert appeal.closed_at is not None
    closed_at = appeal.closed_at.isoformat()
    return _write(appeal, actor, Kind.CLOSED, {"closed_at": closed_at}, after={"closed_at": closed_at})


def answer_rated(*, appeal: Appeal, rating: AnswerRating, actor: User | None = None) -> AppealEvent:
    return _write(
        appeal,
        actor,
        Kind.ANSWER_RATED,
        {"score": rating.score},
        obj=rating,
        after={"appeal": appeal.pk, "score": rating.score},
    )


def access_granted(*, grant: AppealAccessGrant, actor: User) -> AppealEvent:
    params = {"user": grant.user_id, "user_name": str(grant.user), "reason": grant.reason}
    return _write(grant.appeal, actor, Kind.ACCESS_GRANTED, params, obj=grant, after=params)


def access_revoked(*, grant: AppealAccessGrant, actor: User) -> AppealEvent:
    params = {"user": grant.user_id, "user_name": str(grant.user)}
    return _write(grant.appeal, actor, Kind.ACCESS_REVOKED, params, obj=grant, after=params)


def routed(*, appeal: Appeal, actor: User | None, rule: str, before: dict[str, Any]) -> AppealEvent:
    after = {
        "rule": rule,
        "priority": appeal.priority,
        "unit": appeal.unit_id,
        "executor": appeal.executor_id,
        "internal_due_date": appeal.internal_due_date.isoformat() if appeal.internal_due_date else None,
    }
    return _write(appeal, actor, Kind.ROUTED, {"rule": rule}, before=before, after=after)


# --- reading ------------------------------------------------------------------------------------------------------


def _date(value: str) -> str:
    return dt.date.fromisoformat(value).strftime("%d.%m.%Y")


def _label(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _registered(p: dict[str, Any]) -> str:
    return _("Зарегистрировано № %(n)s, канал: %(c)s") % {"n": p["number"], "c": _label(IntakeChannel, p["channel"])}


def _extended(p: dict[str, Any]) -> str:
    return _("Срок рассмотрения вашего %(what)s № %(n)s от %(date)s продлён до %(due)s. Основание: %(reason)s") % {
        "what": _("обращения") if p["appeal_kind"] == AppealKind.APPEAL else _("запроса"),
        "n": p["number"],
        "date": _date(p["registered_on"]),
        "due": _date(p["due"]),
        "reason": p["reason"],
    }


def _forwarded(p: dict[str, Any]) -> str:
    text = (
        _(
            "Ваше обращение № %(n)s от %(date)s переадресовано в %(body)s, так как %(reason)s. Ответ вам направит этот орган."
        )
        if p["appeal_kind"] == AppealKind.APPEAL
        else _(
            "Ваш запрос № %(n)s от %(date)s переадресован в %(body)s, так как %(reason)s. Ответ вам направит этот орган."
        )
    ) % {"n": p["number"], "date": _date(p["registered_on"]), "body": p["to_body"], "reason": p["reason"]}
    return text + (_(" Переадресовано с нарушением 7-дневного срока.") if p["late"] else "")


def _notice_sent(p: dict[str, Any]) -> str:
    if p["notice"] == NoticeKind.ESSENCE_UNDETERMINABLE:
        base = _(
            "Суть вашего обращения № %(n)s от %(date)s определить невозможно, поэтому ответ по существу не может быть дан."
        )
    elif p["notice"] == NoticeKind.UNREADABLE:
        base = _("Текст вашего обращения № %(n)s от %(date)s не поддаётся прочтению, поэтому ответ на него не даётся.")
    else:
        return _label(NoticeKind, p["notice"])
    text = base % {"n": p["number"], "date": _date(p["registered_on"])}
    return f"{text} {p['explanation']}".strip()


_RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    Kind.REGISTERED: _registered,
    Kind.EXTENDED: _extended,
    Kind.FORWARDED: _forwarded,
    Kind.NOTICE_SENT: _notice_sent,
    Kind.PUT_ON_CONTROL: lambda p: _("Поставлено на контроль; исполнитель: %(e)s") % {"e": p["executor_name"]},
    Kind.QUESTION_ADDED: lambda p: (
        _("Вопрос %(n)s: %(code)s %(name)s") % {"n": p["position"], "code": p["code"], "name": p["name"]}
    ),
    Kind.QUESTION_RESULT_SET: lambda p: (
        _("Вопрос %(n)s: %(r)s") % {"n": p["position"], "r": _label(QuestionResult, p["result"])}
    ),
    Kind.ANSWER_DRAFTED: lambda p: _("Подготовлен проект: %(k)s") % {"k": _label(AnswerKind, p["answer_kind"])},
    Kind.ANSWER_APPROVED: lambda p: _("Проект ответа согласован"),
    Kind.ANSWER_SIGNED: lambda p: (
        _("Ответ подписан, исх. № %(n)s от %(d)s") % {"n": p["outgoing_number"], "d": _date(p["outgoing_date"])}
    ),
    Kind.ANSWER_SENT: lambda p: (
        _("Ответ исх. № %(n)s направлен: %(how)s")
        % {"n": p["outgoing_number"], "how": _label(DeliveryChannel, p["delivery"])}
    ),
    Kind.CLOSED: lambda p: _("Рассмотрение завершено"),
    Kind.ANSWER_RATED: lambda p: _("Автор оценил ответ: %(s)s из 5") % {"s": p["score"]},
    Kind.ACCESS_GRANTED: lambda p: (
        _("Открыт доступ к обращению: %(u)s. Основание: %(r)s") % {"u": p["user_name"], "r": p["reason"]}
    ),
    Kind.ACCESS_REVOKED: lambda p: _("Закрыт доступ к обращению: %(u)s") % {"u": p["user_name"]},
    Kind.ROUTED: lambda p: _("Сработало правило маршрутизации «%(r)s»") % {"r": p["rule"]},
}


def render(event: AppealEvent) -> str:
    """The event's sentence in the active language; a row from before parameters shows its stored Russian text."""
    if event.legacy_text:
        return event.legacy_text
    renderer = _RENDERERS.get(event.kind)
    if renderer is not None:
        try:
            return renderer(event.params)
        except (KeyError, TypeError, ValueError):  # parameters of an older shape: name the event at least
            pass
    return _label(AppealEventKind, event.kind)
