"""Staff pages of appeals: the queue with filters, staff registration, the card and its actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.calendars.selectors import today_for
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.models import Organisation

from . import selectors, services
from .choices import AppealKind, AppealStatus, IntakeChannel
from .classifier import classifier_search
from .forms import (
    AnswerDraftForm,
    AnswerStepForm,
    ControlForm,
    ExtendForm,
    ForwardForm,
    NoticeForm,
    QuestionAddForm,
    QuestionResultForm,
    QueueFilterForm,
    StaffRegistrationForm,
)
from .letters import letter_docx, letter_pdf
from .models import Answer, Appeal
from .queries import filtered_queue
from .workflow import OPEN_STATES, allowed_actions, answer_actions, can_register

PAGE_SIZE = 50
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: an exact total of a million closed appeals helps nobody and costs seconds."""

    @cached_property
    def count(self) -> int:
        # Counting needs no order: without it the database stops at the cap by the cheapest path.
        return self.object_list.order_by()[: COUNT_CAP + 1].count()  # type: ignore[attr-defined]

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


ACTION_FORMS: dict[str, type[Form]] = {
    "extend": ExtendForm,
    "forward": ForwardForm,
    "notice": NoticeForm,
    "control": ControlForm,
    "question_add": QuestionAddForm,
    "question_result": QuestionResultForm,
    "answer_draft": AnswerDraftForm,
    "answer_approve": AnswerStepForm,
    "answer_sign": AnswerStepForm,
    "answer_send": AnswerStepForm,
    "close": Form,
}
KEPT_FORMS = ("extend", "forward", "notice", "question_add", "answer_draft")


def _no_organisation(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/no_organisation.html", status=403)


def _staff_appeals(request: HttpRequest) -> tuple[Organisation, QuerySet[Appeal]] | None:
    """The current organisation and its appeals, or None when the person works in no organisation."""
    organisation = request.organisation  # type: ignore[attr-defined]
    if organisation is None:
        return None
    try:
        return organisation, selectors.appeals_for_staff(user=request.user, organisation=organisation)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc


def _days_left_text(days: int) -> str:
    if days < 0:
        return _("просрочено на %(n)s дн.") % {"n": -days}
    return _("осталось %(n)s дн.") % {"n": days}


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    found = _staff_appeals(request)
    if found is None:
        return _no_organisation(request)
    organisation, appeals = found
    today = today_for(organisation)
    form = QueueFilterForm(request.GET, organisation=organisation)
    queryset = filtered_queue(appeals.select_related("author", "unit", "executor"), form.filters(), today)
    page = CappedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    # Rows are prepared here as plain strings: per-row template lookups, reverse() and choice labels
    # cost more than the SQL on a 50-row page.
    card_url = reverse("appeals:card", args=[0]).replace("/0/", "/{}/")
    labels = {
        "kind": {k: str(v) for k, v in AppealKind.choices},
        "channel": {k: str(v) for k, v in IntakeChannel.choices},
        "status": {k: str(v) for k, v in AppealStatus.choices},
    }
    rows = []
    for appeal in page.object_list:
        governing: dt.date = appeal.governing
        days = (governing - today).days
        is_open = appeal.status in OPEN_STATES
        rows.append(
            {
                "url": card_url.format(appeal.pk),
                "number": appeal.number,
                "registered_on": appeal.registered_on.strftime("%d.%m.%Y"),
                "kind": labels["kind"][appeal.kind],
                "channel": labels["channel"][appeal.channel],
                "author": str(appeal.author),
                "unit": appeal.unit.name if appeal.unit else "—",
                "executor": str(appeal.executor) if appeal.executor else "—",
                "governing": governing.strftime("%d.%m.%Y"),
                "extended": appeal.extended_due_date is not None,
                "days_text": _days_left_text(days) if is_open else "—",
                "overdue": is_open and days < 0,
                "status": labels["status"][appeal.status],
            }
        )
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "today": today,
        "can_register": can_register(request.user, organisation),
    }
    return render(request, "appeals/queue.html", context)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    found = _staff_appeals(request)
    if found is None:
        return _no_organisation(request)
    organisation = found[0]
    if not can_register(request.user, organisation):
        raise PermissionDenied(_("Регистрировать обращения может регистратор или администратор организации."))
    form = StaffRegistrationForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.appeal_register(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                intake=form.intake(),
            )
        except ApplicationError as exc:
            form.add_service_error(exc.message, exc.field)
        else:
            appeal = registration.appeal
            if registration.duplicate:
                messages.info(request, _("Это обращение уже зарегистрировано: № %(n)s.") % {"n": appeal.number})
            else:
                messages.success(
                    request,
                    _("Обращение зарегистрировано: № %(n)s от %(d)s.")
                    % {"n": appeal.number, "d": appeal.registered_on.strftime("%d.%m.%Y")},
                )
            return redirect("appeals:card", pk=appeal.pk)
    return render(request, "appeals/register.html", {"form": form})


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attached file, for members only (files are not served from a public media URL); an audited read."""
    try:
        appeal = selectors.appeal_for_staff(user=request.user, pk=pk)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    found = next((item for item in appeal.attachments.all() if item.pk == attachment_id), None)
    if found is None or not found.file.storage.exists(found.file.name):
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


def _session_key(pk: int, action: str) -> str:
    return f"otklik_appeal_{pk}_{action}"


@login_required
def card(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        appeal = selectors.appeal_for_staff(user=request.user, pk=pk)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    organisation = appeal.organisation
    today = today_for(organisation)
    governing = appeal.governing_due_date
    days = (governing - today).days
    is_open = appeal.status in OPEN_STATES
    # An action refused on its own page comes back here with what the person typed (see _act).
    kept = {action: request.session.pop(_session_key(pk, action), None) for action in KEPT_FORMS}
    forms = {
        action: ACTION_FORMS[action](kept[action], auto_id=f"{action}_%s")
        if kept[action]
        else ACTION_FORMS[action](auto_id=f"{action}_%s")
        for action in KEPT_FORMS
    }
    for form in forms.values():
        if form.is_bound:
            form.is_valid()
    user = request.user
    context: dict[str, Any] = {
        "appeal": appeal,
        "today": today,
        "governing": governing,
        "days_left": days,
        "days_text": _days_left_text(days) if is_open else "",
        "overdue": is_open and days < 0,
        "is_open": is_open,
        "questions": list(appeal.questions.all()),
        "attachments": list(appeal.attachments.all()),
        "notices": list(appeal.notices.all()),
        "events": list(appeal.events.select_related("actor")),
        "extend_form": forms["extend"],
        "forward_form": forms["forward"],
        "notice_form": forms["notice"],
        "question_add_form": forms["question_add"],
        "answer_form": forms["answer_draft"],
        "control_form": ControlForm(organisation=organisation, auto_id="control_%s"),
        "result_choices": QuestionResultForm.base_fields["result"].choices,  # type: ignore[attr-defined]
        # What the card offers is asked of the workflow, as the services ask it before they act.
        "can": allowed_actions(user, appeal),
        "answers": [
            (answer, answer_actions(user, answer))
            for answer in appeal.answers.select_related("executor", "approved_by", "signed_by")
        ],
    }
    return render(request, "appeals/card.html", context)


def _form_problems(form: Form) -> str:
    problems = [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]
    return " ".join(problems) or _("Проверьте заполнение формы.")


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Validate the action form, call its service, and go back to the card with the outcome."""
    try:
        appeal = selectors.appeal_for_action(user=request.user, pk=pk)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    form_class = ACTION_FORMS[action]
    form = (
        ControlForm(request.POST, organisation=appeal.organisation)
        if form_class is ControlForm
        else form_class(request.POST)
    )
    try:
        if not form.is_valid():
            raise ApplicationError(_form_problems(form))
        data = form.cleaned_data
        actor: Any = request.user
        message = _DISPATCH[action](actor, appeal, data)
        messages.success(request, message)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        if action in KEPT_FORMS:
            request.session[_session_key(pk, action)] = {
                name: value for name, value in request.POST.items() if name != "csrfmiddlewaretoken"
            }
    return redirect("appeals:card", pk=pk)


def _answer_of(appeal: Appeal, data: dict[str, Any]) -> Answer:
    answer = appeal.answers.filter(pk=data["answer"]).first()
    if answer is None:
        raise ApplicationError(_("Ответ не найден."))
    return answer


def _extend(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    appeal = services.appeal_extend(actor=actor, appeal=appeal, days=data["days"], reason=data["reason"])
    assert appeal.extended_due_date is not None
    return _("Срок рассмотрения продлён до %(d)s; автор уведомлён.") % {
        "d": appeal.extended_due_date.strftime("%d.%m.%Y")
    }


def _forward(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    appeal = services.appeal_forward(actor=actor, appeal=appeal, to_body=data["to_body"], reason=data["reason"])
    return _("Обращение переадресовано в %(b)s; автор уведомлён.") % {"b": appeal.forwarded_to}


def _notice(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    notice = services.appeal_notice_send(actor=actor, appeal=appeal, kind=data["kind"], explanation=data["explanation"])
    return _("Уведомление направлено автору: %(k)s.") % {"k": notice.get_kind_display()}


def _control(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    appeal = services.appeal_take_on_control(actor=actor, appeal=appeal, executor=data["executor"])
    return _("Обращение на контроле; исполнитель: %(e)s.") % {"e": appeal.executor}


def _question_add(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    question = services.question_add(
        actor=actor, appeal=appeal, classifier_code=data["classifier_code"], summary=data["summary"]
    )
    return _("Добавлен вопрос %(n)s.") % {"n": question.position}


def _question_result(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    question = appeal.questions.filter(pk=data["question"]).first()
    if question is None:
        raise ApplicationError(_("Вопрос не найден."))
    question = services.question_result_set(actor=actor, question=question, result=data["result"])
    return _("Вопрос %(n)s: %(r)s.") % {"n": question.position, "r": question.get_result_display()}


def _answer_draft(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    answer = services.answer_draft(
        actor=actor, appeal=appeal, kind=data["kind"], text=data["text"], outcome=data["outcome"],
        solve_by=data["solve_by"], typed_ground=data["typed_ground"], delivery=data["delivery"],
    )  # fmt: skip
    return _("Проект ответа подготовлен: %(k)s.") % {"k": answer.get_kind_display()}


def _answer_approve(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    services.answer_approve(actor=actor, answer=_answer_of(appeal, data))
    return _("Проект ответа согласован.")


def _answer_sign(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    answer = services.answer_sign(actor=actor, answer=_answer_of(appeal, data))
    return _("Ответ подписан, исх. № %(n)s.") % {"n": answer.outgoing_number}


def _answer_send(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    answer = services.answer_send(actor=actor, answer=_answer_of(appeal, data))
    return _("Ответ направлен: %(how)s.") % {"how": answer.get_delivery_display()}


def _close(actor: Any, appeal: Appeal, data: dict[str, Any]) -> str:
    services.appeal_close(actor=actor, appeal=appeal)
    return _("Рассмотрение обращения завершено.")


_DISPATCH = {
    "extend": _extend,
    "forward": _forward,
    "notice": _notice,
    "control": _control,
    "question_add": _question_add,
    "question_result": _question_result,
    "answer_draft": _answer_draft,
    "answer_approve": _answer_approve,
    "answer_sign": _answer_sign,
    "answer_send": _answer_send,
    "close": _close,
}


@login_required
@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in _DISPATCH:
        raise Http404
    return _act(request, pk, name)


@login_required
def letter(request: HttpRequest, pk: int, answer_id: int, fmt: str) -> HttpResponse:
    """The answer as a letter on the organisation's blank (DOCX to edit and print, PDF to send)."""
    try:
        appeal = selectors.appeal_for_staff(user=request.user, pk=pk)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    answer = appeal.answers.filter(pk=answer_id).select_related("executor", "signed_by", "appeal__author").first()
    if answer is None or fmt not in ("docx", "pdf"):
        raise Http404
    content, content_type = (
        (letter_pdf(answer), "application/pdf")
        if fmt == "pdf"
        else (letter_docx(answer), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    )
    response = HttpResponse(content, content_type=content_type)
    name = (answer.outgoing_number or f"draft-{answer.pk}").replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="answer-{name}.{fmt}"'
    return response


@login_required
def classifier_picker(request: HttpRequest) -> HttpResponse:
    """Suggestions for the question picker (htmx): themes matching a code prefix or words."""
    if request.organisation is None:  # type: ignore[attr-defined]
        raise Http404
    nodes = classifier_search(request.GET.get("classifier_code", "") or request.GET.get("q", ""), limit=15)
    return render(request, "appeals/_classifier_options.html", {"nodes": nodes})
