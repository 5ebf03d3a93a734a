"""Staff page of the send log: every message of the body with its delivery status and the reason of a failure."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from otklik.orgs.staff_access import StaffRequest, staff_view

from .models import MessageStatus
from .selectors import SEND_LOG_ROLES, outbox_for_staff


@staff_view(roles=SEND_LOG_ROLES)
def send_log(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    messages = outbox_for_staff(user=request.user, organisation=request.organisation, status=status)
    page = Paginator(messages, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/send_log.html",
        {"page": page, "status": status if status in MessageStatus.values else "", "statuses": MessageStatus.choices},
    )
