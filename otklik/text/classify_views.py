"""The text room's classifier part: staff accept a suggested theme or choose another with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.appeals.selectors import appeal_for_action
from otklik.core.errors import ApplicationError
from otklik.orgs.staff_access import StaffRequest, staff_view

from .classify_services import classification_override_record


@require_POST
@staff_view(refusal=404)
def theme_choose(request: StaffRequest, pk: int) -> HttpResponseBase:
    appeal = appeal_for_action(user=request.user, pk=pk)
    try:
        classification_override_record(
            actor=request.user,
            appeal=appeal,
            chosen_code=request.POST.get("chosen_code", "")[:30],
            reason=request.POST.get("reason", "")[:2000],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Тема обращения выбрана."))
    return redirect("appeals:card", pk=appeal.pk)
