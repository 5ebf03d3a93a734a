"""Test set-up for feedback: a manager, a client survey and answering it through the services."""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import unquote, urlsplit

from otklik.calendars.selectors import today_for
from otklik.feedback.models import Response, Survey
from otklik.feedback.questionnaire import QuestionSpec
from otklik.feedback.services import anonymous_buffer_flush, response_submit, survey_create
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
    """Answer through the service; an anonymous answer is written out at once, as the sweep's batch would."""
    raw: dict[str, Any] = {"overall": str(score), "why": "Инспектор нагрубил" if score < 4 else ""}
    raw.update(extra.pop("raw", {}))
    response = response_submit(survey=survey, raw_answers=raw, submission_key=uuid.uuid4().hex, token=token, **extra)
    if response is not None:
        return response
    [written] = write_anonymous_batch(survey.organisation)
    return written


def write_anonymous_batch(organisation: Organisation) -> list[Response]:
    """What the sweep does with the buffer, for every waiting answer including today's; the responses written."""
    before = set(Response.objects.values_list("pk", flat=True))
    anonymous_buffer_flush(organisation=organisation, today=today_for(organisation), min_batch=1)
    return list(Response.objects.exclude(pk__in=before))


def follow_personal_link(client: Any, link: str) -> tuple[str, Any]:
    """Open a personal link as a browser does: the part after «#» never leaves the browser; the page's static
    script posts it. Returns the address the questionnaire posts to and the page with the questionnaire."""
    parts = urlsplit(link)
    page = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    if "data-code-from-fragment" in page.content.decode():  # what static/feedback/personal-link.js does
        page = client.post(parts.path, {"token": unquote(parts.fragment), "open": "1"})
    return parts.path, page


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page's forms, as the browser would send them back."""
    return dict(re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)">', html))
