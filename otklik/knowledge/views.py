"""Staff pages of the FAQ: the list, a new entry, editing and removal (editing roles only)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError
from otklik.orgs.staff_access import StaffRequest, staff_view

from . import selectors, services
from .forms import FaqEntryForm


@staff_view(refusal=404)
def faq_list(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    entries = selectors.faq_for_editor(user=request.user, organisation=organisation)
    return render(request, "knowledge/faq_list.html", {"organisation": organisation, "entries": entries})


@staff_view(refusal=404)
def faq_edit(request: StaffRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.organisation
    entries = selectors.faq_for_editor(user=request.user, organisation=organisation)
    entry = entries.filter(pk=pk).first() if pk else None
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
                services.faq_entry_create(actor=request.user, organisation=organisation, **data)
            else:
                services.faq_entry_update(actor=request.user, entry=entry, **data)
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Сохранено."))
            return redirect("knowledge:faq_list")
    return render(request, "knowledge/faq_edit.html", {"organisation": organisation, "form": form, "entry": entry})


@staff_view(refusal=404)
@require_POST
def faq_delete(request: StaffRequest, pk: int) -> HttpResponse:
    entry = selectors.faq_entry_for_editor(user=request.user, organisation=request.organisation, pk=pk)
    if entry is None:
        raise Http404
    services.faq_entry_delete(actor=request.user, entry=entry)
    messages.success(request, _("Вопрос удалён."))
    return redirect("knowledge:faq_list")
