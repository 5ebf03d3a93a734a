"""Public feedback pages under /o/<slug>/feedback/: the surveys, personal links and «Вы сказали — мы сделали»."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation, Unit
from otklik.orgs.selectors import public_organisation

from . import selectors
from .choices import QuestionKind
from .models import Invitation, Survey
from .services import invitation_by_token, response_submit


def _organisation(slug: str) -> Organisation:
    organisation = public_organisation(slug)
    if organisation is None:
        raise Http404
    return organisation


def raw_answers(questions: list[Any], post: Any) -> dict[str, Any]:
    """The posted answers by question code, in the shapes questionnaire.check_answers expects."""
    raw: dict[str, Any] = {}
    for question in questions:
        if question.kind == QuestionKind.MULTIPLE:
            raw[question.code] = post.getlist(question.code)
        elif question.kind == QuestionKind.MATRIX:
            raw[question.code] = {str(i): post.get(f"{question.code}__{i}", "") for i in range(len(question.rows))}
        else:
            raw[question.code] = post.get(question.code, "")
    return raw


def _questions_view(questions: list[Any], raw: dict[str, Any], errors: dict[str, str]) -> list[dict[str, Any]]:
    """What the template needs per question: its kind, choices with their checked state, and its error."""
    shown = []
    for question in questions:
        value = raw.get(question.code)
        item: dict[str, Any] = {"q": question, "error": errors.get(question.code, ""), "value": value or ""}
        if question.kind == QuestionKind.RATING:
            labels = {
                1: _("1 — очень плохо"),
                2: _("2 — плохо"),
                3: _("3 — удовлетворительно"),
                4: _("4 — хорошо"),
                5: _("5 — отлично"),
            }
            item["choices"] = [(str(n), labels[n], str(value or "") == str(n)) for n in range(1, 6)]
        elif question.kind == QuestionKind.SINGLE:
            item["choices"] = [(o, o, value == o) for o in question.options]
        elif question.kind == QuestionKind.MULTIPLE:
            item["choices"] = [(o, o, o in (value or [])) for o in question.options]
        elif question.kind == QuestionKind.MATRIX:
            item["rows"] = [
                (i, row, [(o, o, (value or {}).get(str(i)) == o) for o in question.options])
                for i, row in enumerate(question.rows)
            ]
        shown.append(item)
    return shown


def _survey_page(
    request: HttpRequest,
    organisation: Organisation,
    survey: Survey,
    *,
    token: str = "",
    invitation: Invitation | None = None,
    answering: bool = True,
) -> HttpResponse:
    version = survey.current_version
    if version is None:
        raise Http404
    questions = list(version.questions.order_by("position"))
    raw: dict[str, Any] = {}
    errors: dict[str, str] = {}
    general: list[str] = []
    submission_key = uuid.uuid4().hex
    units = (
        list(Unit.objects.filter(organisation=organisation).order_by("sort_order", "name")) if survey.ask_unit else []
    )
    form_data = {"name": "", "email": "", "unit": ""}
    if request.method == "POST" and answering:
        raw = raw_answers(questions, request.POST)
        submission_key = request.POST.get("submission_key", "")
        form_data = {key: request.POST.get(key, "").strip() for key in form_data}
        unit = next((u for u in units if str(u.pk) == form_data["unit"]), None)
        try:
            response_submit(
                survey=survey,
                raw_answers=raw,
                submission_key=submission_key,
                token=token,
                unit=unit,
                respondent_name=form_data["name"],
                contact_email=form_data["email"],
            )
        except ApplicationError as exc:
            errors = dict(exc.extra.get("errors") or {})
            if not errors:
                general.append(exc.message)
            if exc.field == "submission_key":
                submission_key = uuid.uuid4().hex
        else:
            # nothing goes into the session: a session row has a user and an expiry time, which together with
            # a note of the answer would tell who answered when
            return redirect("feedback_public:done", slug=organisation.slug, code=survey.code)
    context = {
        "organisation": organisation,
        "survey": survey,
        "version": version,
        "questions": _questions_view(questions, raw, errors),
        "errors": errors,
        "general_errors": general,
        "submission_key": submission_key,
        "units": units,
        "form_data": form_data,
        "invitation": invitation,
        "token": token,
    }
    return render(request, "feedback/public_survey.html", context, status=200)


@never_cache
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    return render(
        request,
        "feedback/public_list.html",
        {"organisation": organisation, "surveys": selectors.public_surveys(organisation)},
    )


@never_cache
def survey_public(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    organisation = _organisation(slug)
    survey = selectors.public_survey(organisation, code)
    if survey is None:
        raise Http404
    return _survey_page(request, organisation, survey)


@never_cache
@require_http_methods(["GET", "POST"])
def personal_link(request: HttpRequest, slug: str) -> HttpResponse:
    """The page of a personal link. Its code reaches the server only in POST bodies (see services.invitations): the
    page's script posts it from after «#», or the person types it; the questionnaire then carries it to the answer."""
    organisation = _organisation(slug)
    if request.method == "GET":
        return render(request, "feedback/public_code.html", {"organisation": organisation})
    token = request.POST.get("token", "").strip()
    invitation = invitation_by_token(organisation=organisation, token=token) if token else None
    if invitation is None or not invitation.survey.is_active:
        return render(request, "feedback/public_link_used.html", {"organisation": organisation}, status=410)
    return _survey_page(
        request,
        organisation,
        invitation.survey,
        token=token,
        invitation=invitation,
        answering="open" not in request.POST,
    )


def survey_done(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    organisation = _organisation(slug)
    survey = Survey.objects.filter(organisation=organisation, code=code).first()
    if survey is None:
        raise Http404
    return render(request, "feedback/public_done.html", {"organisation": organisation, "title": survey.title})


def we_did(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    return render(
        request,
        "feedback/public_we_did.html",
        {"organisation": organisation, "items": selectors.public_publications(organisation)},
    )
