"""Staff pages of the social-media inbox: the queue, an item with its actions, manual entry, import, templates."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError
from otklik.orgs.staff_access import StaffRequest, staff_view

from . import inbox_selectors as selectors
from . import inbox_services as services
from .inbox_forms import AnswerForm, CloseForm, ConvertForm, ImportForm, InboxFilterForm, ItemForm, TemplateForm
from .inbox_import import IMPORT_COLUMNS, inbox_file_import
from .models import InboxItem

PAGE_SIZE = 50
ROLES = services.INBOX_ROLES


@staff_view(roles=ROLES)
def inbox(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    channels = selectors.inbox_channel_choices(user=request.user, organisation=organisation)
    data = request.GET if "state" in request.GET else {"state": "new", **request.GET.dict()}
    form = InboxFilterForm(data, channels=channels)
    chosen = form.cleaned_data if form.is_valid() else {"state": "new"}
    page = selectors.inbox_page(
        user=request.user,
        organisation=organisation,
        state=chosen.get("state") or "",
        kind=chosen.get("kind") or "",
        channel_id=chosen.get("channel"),
        page=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "channels/inbox/list.html",
        {"form": form, "page": page, "now": timezone.now(), "query": query.urlencode(), "cap": selectors.COUNT_CAP},
    )


def _item_page(
    request: StaffRequest,
    item: InboxItem,
    *,
    answer_form: AnswerForm | None = None,
    close_form: CloseForm | None = None,
    convert_form: ConvertForm | None = None,
    status: int = 200,
) -> HttpResponse:
    templates = selectors.answer_templates_for(user=request.user, organisation=request.organisation)
    if answer_form is None:
        initial: dict[str, Any] = {}
        chosen = AnswerForm(request.GET, templates=templates)
        chosen.is_valid()  # only the template's choice is read; the text is typed after
        if "template" in request.GET and (template := chosen.chosen_template()) is not None:
            initial = {"template": template.pk, "text": template.text}  # the operator edits it before sending
        answer_form = AnswerForm(initial=initial, templates=templates)
    close_form = close_form or CloseForm()
    convert_form = convert_form or ConvertForm(initial=asdict(services.author_from_item(item)))
    return render(
        request,
        "channels/inbox/item.html",
        {
            "item": item,
            "forms": (answer_form, close_form, convert_form),
            "now": timezone.now(),
            "can": selectors.item_actions(item),
            "rules": selectors.moderation_rules_of(item),
            "answer_form": answer_form,
            "close_form": close_form,
            "convert_form": convert_form,
        },
        status=status,
    )


@staff_view(roles=ROLES, refusal=404)
def item(request: StaffRequest, pk: int) -> HttpResponse:
    found = selectors.inbox_item_for_staff(user=request.user, organisation=request.organisation, pk=pk)
    return _item_page(request, found)


@require_POST
@staff_view(roles=ROLES, refusal=404)
def item_answer(request: StaffRequest, pk: int) -> HttpResponseBase:
    found = selectors.inbox_item_for_action(user=request.user, organisation=request.organisation, pk=pk)
    templates = selectors.answer_templates_for(user=request.user, organisation=request.organisation)
    form = AnswerForm(request.POST, templates=templates)
    if form.is_valid():
        try:
            services.inbox_item_answer(
                actor=request.user, item=found, text=form.cleaned_data["text"], template=form.chosen_template()
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            if services.sends_to_platform(found):
                messages.success(request, _("Ответ сохранён и отправлен на площадку."))
            else:
                messages.success(request, _("Ответ сохранён. Опубликуйте его на площадке: сообщение внесено вручную."))
            return redirect("inbox:item", pk=found.pk)
    return _item_page(request, found, answer_form=form, status=400)


@require_POST
@staff_view(roles=ROLES, refusal=404)
def item_convert(request: StaffRequest, pk: int) -> HttpResponseBase:
    found = selectors.inbox_item_for_action(user=request.user, organisation=request.organisation, pk=pk)
    form = ConvertForm(request.POST)
    if form.is_valid():
        try:
            appeal = services.inbox_item_convert(actor=request.user, item=found, author=form.author())
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Зарегистрировано обращение № %(n)s.") % {"n": appeal.number})
            return redirect("inbox:item", pk=found.pk)
    return _item_page(request, found, convert_form=form, status=400)


@require_POST
@staff_view(roles=ROLES, refusal=404)
def item_close(request: StaffRequest, pk: int) -> HttpResponseBase:
    found = selectors.inbox_item_for_action(user=request.user, organisation=request.organisation, pk=pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.inbox_item_close(actor=request.user, item=found, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Сообщение закрыто без ответа."))
            return redirect("inbox:item", pk=found.pk)
    return _item_page(request, found, close_form=form, status=400)


@staff_view(roles=ROLES)
def item_new(request: StaffRequest) -> HttpResponseBase:
    organisation = request.organisation
    channels = selectors.inbox_channels_for(user=request.user, organisation=organisation)
    form = ItemForm(request.POST or None, organisation=organisation, channels=channels)
    if request.method == "POST" and form.is_valid():
        try:
            created, is_new = services.inbox_item_receive(
                actor=request.user, organisation=organisation, intake=services.SocialItemIntake(**form.intake_values())
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            if not is_new:
                messages.info(request, _("Это сообщение уже было внесено."))
            return redirect("inbox:item", pk=created.pk)
    return render(request, "channels/inbox/new.html", {"form": form})


@staff_view(roles=ROLES)
def items_import(request: StaffRequest) -> HttpResponseBase:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = inbox_file_import(
                actor=request.user, organisation=request.organisation, file_name=upload.name, content=upload.read()
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            errors = list(exc.extra.get("errors") or [])
        else:
            messages.success(
                request,
                _("Загружено сообщений: %(n)s; уже были загружены раньше: %(k)s.")
                % {"n": result.created, "k": result.already_loaded},
            )
            return redirect("inbox:import")
    return render(request, "channels/inbox/import.html", {"form": form, "errors": errors, "columns": IMPORT_COLUMNS})


@staff_view(roles=ROLES)
def answer_templates(request: StaffRequest) -> HttpResponseBase:
    organisation = request.organisation
    templates = selectors.answer_templates_for(user=request.user, organisation=organisation)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_template_save(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Типовой ответ сохранён."))
            return redirect("inbox:templates")
    return render(request, "channels/inbox/templates.html", {"form": form, "templates": templates})
