"""Mailbox intake's staff pages: the triage queue, a letter with its actions; each action calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.core.errors import ApplicationError
from otklik.orgs.staff_access import StaffRequest, staff_view

from . import mail_selectors as selectors
from . import mail_services as services
from .mail_forms import LetterAttachForm, LetterMarkForm, LetterRegistrationForm
from .models import Letter, LetterStatus

STATUS_FILTERS = ("", *LetterStatus.values)


def _local(letter: Letter) -> str:
    return timezone.localtime(letter.received_at, letter.organisation.tz).strftime("%d.%m.%Y %H:%M")


@staff_view(roles=services.TRIAGE_ROLES)
def queue(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status", LetterStatus.AWAITING)
    if status not in STATUS_FILTERS:
        status = LetterStatus.AWAITING
    organisation = request.organisation
    page = selectors.letter_queue_page(
        user=request.user, organisation=organisation, status=status, page=request.GET.get("page")
    )
    tz = organisation.tz
    rows = [
        {
            "letter": letter,
            "received": timezone.localtime(letter.received_at, tz).strftime("%d.%m.%Y %H:%M"),
            "status": letter.get_status_display(),
        }
        for letter in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "statuses": [("", _("все")), *LetterStatus.choices],
    }
    return render(request, "channels/mail/queue.html", context)


def _card_context(request: StaffRequest, letter: Letter) -> dict[str, object]:
    suggested = letter.suggested_appeal
    return {
        "letter": letter,
        "received": _local(letter),
        "attachments": list(letter.attachments.all()),
        "awaiting": letter.status == LetterStatus.AWAITING,
        "can_register": services.can_register_letter(request.user, letter),
        "attach_form": LetterAttachForm(initial={"number": suggested.number if suggested else ""}),
        "mark_form": LetterMarkForm(),
    }


@staff_view(roles=services.TRIAGE_ROLES, refusal=404)
def letter_card(request: StaffRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for_staff(user=request.user, organisation=request.organisation, pk=pk)
    return render(request, "channels/mail/letter.html", _card_context(request, letter))


@staff_view(roles=services.TRIAGE_ROLES, refusal=404)
def letter_file(request: StaffRequest, pk: int, file_id: int) -> FileResponse:
    letter = selectors.letter_for_staff(user=request.user, organisation=request.organisation, pk=pk)
    found = next((item for item in letter.attachments.all() if item.pk == file_id), None)
    if found is None or not found.file.storage.exists(found.file.name):
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@staff_view(roles=services.TRIAGE_ROLES, refusal=404)
def letter_source(request: StaffRequest, pk: int) -> FileResponse:
    """The letter exactly as the mailbox held it (.eml), for what the decoding could not show."""
    letter = selectors.letter_for_staff(user=request.user, organisation=request.organisation, pk=pk)
    if not letter.source or not letter.source.storage.exists(letter.source.name):
        raise Http404
    return FileResponse(
        letter.source.open("rb"), as_attachment=True, filename=f"letter-{letter.pk}.eml", content_type="message/rfc822"
    )


@staff_view(roles=services.TRIAGE_ROLES, refusal=404)
def letter_register(request: StaffRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for_staff(user=request.user, organisation=request.organisation, pk=pk)
    if letter.status != LetterStatus.AWAITING:
        messages.info(request, _("Письмо уже разобрано: %(decided)s.") % {"decided": letter.get_status_display()})
        return redirect("mail:letter", pk=letter.pk)
    form = LetterRegistrationForm(request.POST or None, request.FILES or None, letter=letter)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.letter_register(actor=request.user, letter=letter, intake=form.intake())
        except ApplicationError as exc:
            if exc.field == "letter":
                messages.info(request, exc.message)
                return redirect("mail:letter", pk=letter.pk)
            form.add_service_error(exc.message, exc.field)
        else:
            messages.success(request, _("Обращение зарегистрировано: № %(n)s.") % {"n": appeal.number})
            return redirect("appeals:card", pk=appeal.pk)
    context = {
        "form": form,
        "letter": letter,
        "received": _local(letter),
        "attachments": list(letter.attachments.all()),
    }
    return render(request, "channels/mail/register.html", context)


@require_POST
@staff_view(roles=services.TRIAGE_ROLES, refusal=404)
def letter_attach(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    letter = selectors.letter_for_staff(user=request.user, organisation=organisation, pk=pk)
    form = LetterAttachForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["number"]
        appeal = selectors.appeal_by_number(user=request.user, organisation=organisation, number=number)
        if appeal is None:
            form.add_error("number", _("Обращение № %(n)s не найдено или недоступно.") % {"n": number})
        else:
            try:
                services.letter_attach(actor=request.user, letter=letter, appeal=appeal)
            except ApplicationError as exc:
                messages.info(request, exc.message)
            else:
                messages.success(request, _("Письмо приобщено к обращению № %(n)s.") % {"n": appeal.number})
            return redirect("mail:letter", pk=letter.pk)
    context = {**_card_context(request, letter), "attach_form": form}
    return render(request, "channels/mail/letter.html", context, status=400)


@require_POST
@staff_view(roles=services.TRIAGE_ROLES, refusal=404)
def letter_mark(request: StaffRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for_staff(user=request.user, organisation=request.organisation, pk=pk)
    form = LetterMarkForm(request.POST)
    if form.is_valid():
        try:
            services.letter_mark(
                actor=request.user,
                letter=letter,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            if exc.field == "letter":
                messages.info(request, exc.message)
                return redirect("mail:letter", pk=letter.pk)
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
        else:
            messages.success(request, _("Решение по письму записано."))
            return redirect("mail:queue")
    context = {**_card_context(request, letter), "mark_form": form}
    return render(request, "channels/mail/letter.html", context, status=400)
