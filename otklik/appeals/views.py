"""Staff pages of appeals: the queue with filters, staff registration, the card and its actions."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from otklik.calendars.selectors import today_for
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation, User
from otklik.orgs.staff_access import StaffRequest, staff_view

from . import selectors, services
from .answer_checks import answer_warning_override, warnings_for_unsigned
from .choices import AppealKind, AppealStatus, IntakeChannel
from .classifier import classifier_search
from .forms import (
    AccessGrantForm,
    AccessRevokeForm,
    AnswerDraftForm,
    AnswerOverrideForm,
    AnswerStepForm,
    ControlForm,
    ExtendForm,
    ForwardForm,
    MembersForm,
    NoticeForm,
    QuestionAddForm,
    QuestionResultForm,
    QueueFilterForm,
    StaffRegistrationForm,
)
from .intake import MAX_TEXT
from .letters import letter_docx, letter_pdf
from .models import Answer, Appeal
from .text_hooks_classify import suggested_themes, suggested_themes_for_text
from .workflow import OPEN_STATES, allowed_actions, answer_actions, can_register

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
    "answer_override": AnswerOverrideForm,
    "close": Form,
    "access_grant": AccessGrantForm,
    "access_revoke": AccessRevokeForm,
}
KEPT_FORMS = ("extend", "forward", "notice", "question_add", "answer_draft", "access_grant")


def _action_form(action: str, data: Any, organisation: Organisation) -> Form:
    form_class = ACTION_FORMS[action]
    if issubclass(form_class, MembersForm):  # its choices are the people of the appeal's organisation
        return form_class(data, organisation=organisation, auto_id=f"{action}_%s")
    return form_class(data, auto_id=f"{action}_%s")


def _days_left_text(days: int) -> str:
    if days < 0:
        return _("просрочено на %(n)s дн.") % {"n": -days}
    return _("осталось %(n)s дн.") % {"n": days}


@staff_view
def queue(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    today = today_for(organisation)
    form = QueueFilterForm(request.GET, organisation=organisation)
    page = selectors.appeal_queue_page(
        user=request.user, organisation=organisation, filters=form.filters(), today=today, page=request.GET.get("page")
    )
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
        governing = appeal.governing_due_date
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


@staff_view
def register(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    if not can_register(request.user, organisation):
        raise PermissionDenied(_("Регистрировать обращения может регистратор или администратор организации."))
    form = StaffRegistrationForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.appeal_register(actor=request.user, organisation=organisation, intake=form.intake())
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
            # An operator who registers an appeal «for official use» does not see it afterwards: back to the queue.
            if selectors.may_see(request.user, appeal):
                return redirect("appeals:card", pk=appeal.pk)
            return redirect("appeals:queue")
    return render(request, "appeals/register.html", {"form": form})


@staff_view(refusal=404)
def attachment(request: StaffRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attached file, for those who may see the appeal (files are not served from a public media URL); audited."""
    appeal = selectors.appeal_for_staff(user=request.user, pk=pk)
    found = next((item for item in appeal.attachments.all() if item.pk == attachment_id), None)
    if found is None or not found.file.storage.exists(found.file.name):
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


def _session_key(pk: int, action: str) -> str:
    return f"otklik_appeal_{pk}_{action}"


@staff_view(refusal=404)
def card(request: StaffRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_for_staff(user=request.user, pk=pk)
    organisation = appeal.organisation
    today = today_for(organisation)
    governing = appeal.governing_due_date
    days = (governing - today).days
    is_open = appeal.status in OPEN_STATES
    # An action refused on its own page comes back here with what the person typed (see _act).
    kept = {action: request.session.pop(_session_key(pk, action), None) for action in KEPT_FORMS}
    forms = {action: _action_form(action, kept[action], organisation) for action in KEPT_FORMS}
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
        "suggested_themes": suggested_themes(appeal) if is_open else [],
        "attachments": list(appeal.attachments.all()),
        "notices": list(appeal.notices.all()),
        "events": list(appeal.events.select_related("actor")),
        "extend_form": forms["extend"],
        "forward_form": forms["forward"],
        "notice_form": forms["notice"],
        "question_add_form": forms["question_add"],
        "answer_form": forms["answer_draft"],
        "control_form": _action_form("control", None, organisation),
        "result_choices": QuestionResultForm.base_fields["result"].choices,  # type: ignore[attr-defined]
        # What the card offers is asked of the workflow, as the services ask it before they act.
        "can": allowed_actions(user, appeal),
        "answers": [
            (answer, answer_actions(user, answer), warnings_for_unsigned(answer))
            for answer in appeal.answers.select_related("executor", "approved_by", "signed_by")
        ],
        "access": {
            "grants": selectors.access_grants_of(appeal),
            "can_grant": selectors.access_grant_refusal(user, appeal) is None,
            "form": forms["access_grant"],
        },
    }
    return render(request, "appeals/card.html", context)


def _form_problems(form: Form) -> str:
    problems = [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]
    return " ".join(problems) or _("Проверьте заполнение формы.")


def _act(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    """Validate the action form, call its service, and go back to the card with the outcome."""
    appeal = selectors.appeal_for_action(user=request.user, pk=pk)
    form = _action_form(action, request.POST, appeal.organisation)
    try:
        if not form.is_valid():
            raise ApplicationError(_form_problems(form))
        message = _DISPATCH[action](request.user, appeal, form.cleaned_data)
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


def _extend(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    appeal = services.appeal_extend(actor=actor, appeal=appeal, days=data["days"], reason=data["reason"])
    assert appeal.extended_due_date is not None
    return _("Срок рассмотрения продлён до %(d)s; автор уведомлён.") % {
        "d": appeal.extended_due_date.strftime("%d.%m.%Y")
    }


def _forward(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    appeal = services.appeal_forward(actor=actor, appeal=appeal, to_body=data["to_body"], reason=data["reason"])
    return _("Обращение переадресовано в %(b)s; автор уведомлён.") % {"b": appeal.forwarded_to}


def _notice(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    notice = services.appeal_notice_send(actor=actor, appeal=appeal, kind=data["kind"], explanation=data["explanation"])
    return _("Уведомление направлено автору: %(k)s.") % {"k": notice.get_kind_display()}


def _control(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    appeal = services.appeal_take_on_control(actor=actor, appeal=appeal, executor=data["executor"])
    return _("Обращение на контроле; исполнитель: %(e)s.") % {"e": appeal.executor}


def _question_add(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    question = services.question_add(
        actor=actor, appeal=appeal, classifier_code=data["classifier_code"], summary=data["summary"]
    )
    return _("Добавлен вопрос %(n)s.") % {"n": question.position}


def _question_result(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    question = appeal.questions.filter(pk=data["question"]).first()
    if question is None:
        raise ApplicationError(_("Вопрос не найден."))
    question = services.question_result_set(actor=actor, question=question, result=data["result"])
    return _("Вопрос %(n)s: %(r)s.") % {"n": question.position, "r": question.get_result_display()}


def _answer_draft(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    answer = services.answer_draft(
        actor=actor, appeal=appeal, kind=data["kind"], text=data["text"], outcome=data["outcome"],
        solve_by=data["solve_by"], typed_ground=data["typed_ground"], delivery=data["delivery"],
    )  # fmt: skip
    return _("Проект ответа подготовлен: %(k)s.") % {"k": answer.get_kind_display()}


def _answer_approve(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    services.answer_approve(actor=actor, answer=_answer_of(appeal, data))
    return _("Проект ответа согласован.")


def _answer_sign(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    answer = _answer_of(appeal, data)
    left = len(warnings_for_unsigned(answer))  # the signer signs knowing what the card showed
    answer = services.answer_sign(actor=actor, answer=answer)
    signed = _("Ответ подписан, исх. № %(n)s.") % {"n": answer.outgoing_number}
    if not left:
        return signed
    kept = ngettext(
        "Замечание по тексту (%(count)s) оставлено без причины.",
        "Замечания по тексту (%(count)s) оставлены без причины.",
        left,
    )
    return f"{signed} {kept % {'count': left}}"


def _answer_override(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    answer_warning_override(actor=actor, answer=_answer_of(appeal, data), rule=data["rule"], reason=data["reason"])
    return _("Замечание снято, причина сохранена.")


def _answer_send(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    answer = services.answer_send(actor=actor, answer=_answer_of(appeal, data))
    return _("Ответ направлен: %(how)s.") % {"how": answer.get_delivery_display()}


def _close(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    services.appeal_close(actor=actor, appeal=appeal)
    return _("Рассмотрение обращения завершено.")


def _access_grant(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    grant = services.appeal_access_grant(actor=actor, appeal=appeal, user=data["user"], reason=data["reason"])
    return _("Доступ к обращению открыт: %(u)s.") % {"u": grant.user}


def _access_revoke(actor: User, appeal: Appeal, data: dict[str, Any]) -> str:
    grant = appeal.access_grants.filter(pk=data["grant"], revoked_at=None).select_related("user").first()
    if grant is None:
        raise ApplicationError(_("Допуск не найден или уже закрыт."))
    services.appeal_access_revoke(actor=actor, grant=grant)
    return _("Доступ к обращению закрыт: %(u)s.") % {"u": grant.user}


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
    "answer_override": _answer_override,
    "close": _close,
    "access_grant": _access_grant,
    "access_revoke": _access_revoke,
}


@staff_view(refusal=404)
@require_POST
def action(request: StaffRequest, pk: int, name: str) -> HttpResponse:
    if name not in _DISPATCH:
        raise Http404
    return _act(request, pk, name)


@staff_view(refusal=404)
def letter(request: StaffRequest, pk: int, answer_id: int, fmt: str) -> HttpResponse:
    """The answer as a letter on the organisation's blank (DOCX to edit and print, PDF to send)."""
    appeal = selectors.appeal_for_staff(user=request.user, pk=pk)
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


@staff_view(refusal=404)
def themes_for_text(request: StaffRequest) -> HttpResponse:
    """Suggested themes for the text being registered (htmx), from the room that classifies texts."""
    themes = suggested_themes_for_text(request.organisation, request.GET.get("text", "")[:MAX_TEXT])
    return render(request, "appeals/_suggested_themes_text.html", {"themes": themes})


@staff_view(refusal=404)
def themes_codes_add(request: StaffRequest) -> HttpResponse:
    """The codes field of the registration form with one suggested code added (htmx; nothing is stored)."""
    codes = [code for code in re.split(r"[\s,;]+", request.GET.get("classifier_codes", "")[:1000]) if code]
    added = request.GET.get("code", "").strip()[:30]
    if added and added not in codes:
        codes.append(added)
    return render(request, "appeals/_classifier_codes_input.html", {"codes": " ".join(codes)[:1000]})


@staff_view(refusal=404)
def classifier_picker(request: StaffRequest) -> HttpResponse:
    """Suggestions for the question picker (htmx): themes matching a code prefix or words."""
    nodes = classifier_search(request.GET.get("classifier_code", "") or request.GET.get("q", ""), limit=15)
    return render(request, "appeals/_classifier_options.html", {"nodes": nodes})
