"""Test set-up for feedback: a manager, a client survey and answering it through the services."""

from __future__ import annotations

import uuid
from typing import Any

from otklik.feedback.models import Survey
from otklik.feedback.questionnaire import QuestionSpec
from otklik.feedback.services import response_submit, survey_create
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.tests.factories import member

QUESTIONS = [
    QuestionSpec(code="overall", text="Оцените мероприятие в целом", kind="rating", required=True),
    QuestionSpec(code="format", text="Как проходило?", kind="single", options=("Выезд", "Видеосвязь")),
    QuestionSpec(
        code="why",
        text="Что не понравилось?",
        kind="text",
        required=True,
        show_if_code="overall",
        show_if_values=("1", "2", "3"),
    ),
    QuestionSpec(code="topics", text="Что было полезно?", kind="multiple", options=("Разъяснения", "Памятка", "Сроки")),
    QuestionSpec(
        code="grid", text="Оцените по пунктам", kind="matrix", options=("Да", "Нет"), rows=("Вежливость", "Сроки")
    ),
    QuestionSpec(code="comment", text="Комментарий", kind="text"),
]


def manager(organisation: Organisation, **kwargs: Any) -> User:
    return member(organisation, RoleCode.CC_DEPUTY_HEAD, **kwargs)


def client_survey(organisation: Organisation, *, actor: User | None = None, **kwargs: Any) -> Survey:
    values: dict[str, Any] = {"code": "knm", "title": "Оценка контрольного мероприятия", "questions": QUESTIONS}
    values.update(kwargs)
    return survey_create(actor=actor, organisation=organisation, **values)


def answer(survey: Survey, *, score: int = 5, token: str = "", **extra: Any) -> Any:
    raw: dict[str, Any] = {"overall": str(score), "why": "Инспектор нагрубил" if score < 4 else ""}
    raw.update(extra.pop("raw", {}))
    return response_submit(survey=survey, raw_answers=raw, submission_key=uuid.uuid4().hex, token=token, **extra)
