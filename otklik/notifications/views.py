"""Staff pages of notifications: the send log (every message with its status and reason) and the message templates."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.permissions import has_role
from otklik.orgs.staff_access import StaffRequest, staff_view

from . import services
from .forms import MessageTemplateForm
from .message_templates import MESSAGE_TEMPLATE_ROLES, RenderedMessage, preview_message
from .models import MessageStatus
from .selectors import SEND_LOG_ROLES, message_template_for_staff, message_templates_for_staff, outbox_for_staff


@staff_view(roles=SEND_LOG_ROLES)
def send_log(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    messages = outbox_for_staff(user=request.user, organisation=request.organisation, status=status)
    page = Paginator(messages, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/send_log.html",
        {
            "page": page,
            "status": status if status in MessageStatus.values else "",
            "statuses": MessageStatus.choices,
            "may_edit_templates": has_role(request.user, request.organisation, *MESSAGE_TEMPLATE_ROLES),
        },
    )


@staff_view(roles=MESSAGE_TEMPLATE_ROLES)
def message_templates(request: StaffRequest) -> HttpResponse:
    rows = message_templates_for_staff(user=request.user, organisation=request.organisation)
    return render(request, "notifications/message_templates.html", {"rows": rows})


@staff_view(roles=MESSAGE_TEMPLATE_ROLES)
def message_template_edit(request: StaffRequest, event: str) -> HttpResponse:
    organisation = request.organisation
    try:
        row = message_template_for_staff(user=request.user, organisation=organisation, event=event)
    except ApplicationError:
        raise Http404 from None
    preview: RenderedMessage | None = None
    form = MessageTemplateForm(request.POST or None, initial={"subject": row.subject, "body": row.body})
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "reset":
        if services.message_template_reset(actor=request.user, organisation=organisation, event=event):
            messages.success(request, _("Восстановлен текст по умолчанию."))
        return redirect("notifications:message_template", event=event)
    if request.method == "POST" and form.is_valid():
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        try:
            if action == "preview":
                preview = preview_message(organisation=organisation, event=event, subject=subject, body=body)
            else:
                services.message_template_save(
                    actor=request.user, organisation=organisation, event=event, subject=subject, body=body
                )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            if action != "preview":
                messages.success(request, _("Шаблон сохранён: следующие сообщения пойдут с этим текстом."))
                return redirect("notifications:message_template", event=event)
    return render(
        request,
        "notifications/message_template.html",
        {"row": row, "form": form, "preview": preview, "placeholders": row.event.offered().items()},
    )
