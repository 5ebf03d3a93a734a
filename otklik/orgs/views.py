"""Staff shell views: dashboard, the organisation page and the organisation switcher."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.calendars.selectors import calendar_for, today_for
from otklik.core.errors import PermissionDeniedError

from .dashboard import panels_for
from .middleware import SESSION_KEY
from .norms import norms_for
from .permissions import roles_of
from .selectors import (
    channel_list,
    membership_of,
    organisation_for_user,
    public_organisations,
    staff_list,
    unit_tree,
)
from .staff_access import StaffRequest, staff_view


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("shell:dashboard")
    return render(request, "orgs/home.html", {"organisations": public_organisations()})


@staff_view
def dashboard(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    calendar = calendar_for(organisation)
    today = today_for(organisation)
    context = {
        "membership": membership_of(request.user, organisation),
        "roles": sorted(roles_of(request.user, organisation)),
        "today": today,
        "today_is_working": calendar.is_working_day(today),
        "next_working_day": calendar.add_working_days(today, 1),
        "appeal_due_if_registered_today": calendar.add_calendar_days(
            today, organisation.appeal_term_days, organisation.term_end_policy
        ),
        "registry_due_if_approved_today": calendar.add_working_days(
            today, organisation.registry_publication_working_days
        ),
        "panels": panels_for(request.user, organisation),
    }
    return render(request, "orgs/dashboard.html", context)


@staff_view
def organisation_page(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    context = {
        "units": unit_tree(user=request.user, organisation=organisation),
        "staff": staff_list(user=request.user, organisation=organisation),
        "channels": channel_list(organisation),
        "role_definitions": organisation.role_definitions.select_related("role", "unit"),
        "norms_rows": norms_for(organisation),
    }
    return render(request, "orgs/organisation.html", context)


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    try:
        organisation = organisation_for_user(user=request.user, slug=request.POST.get("organisation", ""))
    except PermissionDeniedError as exc:
        messages.error(request, exc.message)
    else:
        request.session[SESSION_KEY] = organisation.slug
        messages.success(request, _("Вы работаете в организации «%(org)s».") % {"org": organisation})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/staff/"
    return redirect(target)
