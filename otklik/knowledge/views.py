"""Staff pages of the FAQ: the list, a new entry, editing and removal (editing roles only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.models import Organisation

from . import selectors, services
from .forms import FaqEntryForm


def _organisation(request: HttpRequest) -> Organisation:
    organisation = request.organisation  # type: ignore[attr-defined]
    if organisation is None:
        raise Http404
    return organisation


@login_required
def faq_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    try:
        entries = selectors.faq_for_editor(user=request.user, organisation=organisation)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    return render(request, "knowledge/faq_list.html", {"organisation": organisation, "entries": entries})


@login_required
def faq_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = _organisation(request)
    try:
        entries = selectors.faq_for_editor(user=request.user, organisation=organisation)
        entry = entries.filter(pk=pk).first() if pk else None
    except PermissionDeniedError as exc:
        raise Http404 from exc
    if pk and entry is None:
        raise Http404
    initial = (
        {
            "question": entry.question,
            "answer": entry.answer,
            "sort_order": entry.sort_order,
            "is_published": entry.is_published,
        }
        if entry
        else None
    )
    form = FaqEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "sort_order": form.cleaned_data["sort_order"] or 0}
        try:
            if entry is None:
                services.faq_entry_create(actor=request.user, organisation=organisation, **data)  # type: ignore[arg-type]
            else:
                services.faq_entry_update(actor=request.user, entry=entry, **data)  # type: ignore[arg-type]
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Сохранено."))
            return redirect("knowledge:faq_list")
    return render(request, "knowledge/faq_edit.html", {"organisation": organisation, "form": form, "entry": entry})


@login_required
@require_POST
def faq_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request)
    try:
        entry = selectors.faq_entry_for_editor(user=request.user, organisation=organisation, pk=pk)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    if entry is None:
        raise Http404
    services.faq_entry_delete(actor=request.user, entry=entry)  # type: ignore[arg-type]
    messages.success(request, _("Вопрос удалён."))
    return redirect("knowledge:faq_list")
