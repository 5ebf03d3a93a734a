"""Portal pages of a client account: sign up, confirm the e-mail, sign in and out, the history of appeals."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from otklik.appeals.rating_links import rating_token
from otklik.core.challenge import challenge_new
from otklik.core.client_address import client_ip
from otklik.core.errors import ApplicationError, RateLimitedError
from otklik.core.submission_limits import SubmissionGuard
from otklik.orgs.models import Organisation
from otklik.orgs.selectors import public_organisation

from . import selectors, services
from .forms import SignInForm, SignUpForm

SESSION_KEY = "otklik_client_account"  # apart from the staff session: a client is never request.user


def attempt_context(request: HttpRequest) -> dict[str, str]:
    """Who is trying, as the lock-out counts it: the client's address (trusted proxies only) and user agent."""
    return {"address": client_ip(request), "user_agent": str(request.META.get("HTTP_USER_AGENT", ""))}


def _organisation(slug: str) -> Organisation:
    organisation = public_organisation(slug)
    if organisation is None:
        raise Http404
    return organisation


def history(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    account = selectors.account_by_id(request.session.get(SESSION_KEY))
    if account is None:
        return redirect("clients:sign_in", slug=slug)
    items = selectors.client_history(account=account, organisation=organisation)
    rows = [
        {"item": item, "rate_token": rating_token(item.appeal) if item.answer_outgoing and not item.rated else ""}
        for item in items
    ]
    return render(request, "clients/history.html", {"organisation": organisation, "account": account, "rows": rows})


def sign_up(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    # Per address (trusted proxies only), a question near the budget; letters per e-mail are the service's limit.
    guard = SubmissionGuard("sign_up", address=client_ip(request))
    form = SignUpForm(request.POST or None)
    if guard.challenge_due():
        form.challenge_ask(challenge_new())
    sent_to, status = "", 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guard.admit(email=data["email"], reply=form.challenge_reply)
            account = services.client_account_register(
                organisation=organisation,
                email=data["email"],
                password=data["password"],
                submission_key=data["submission_key"],
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
            status = 429 if isinstance(exc, RateLimitedError) else 200
        else:
            sent_to = account.email
    context = {"organisation": organisation, "form": form, "sent_to": sent_to}
    return render(request, "clients/sign_up.html", context, status=status)


def confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    organisation = _organisation(slug)
    error = ""
    try:
        services.client_account_confirm(token=token)
    except ApplicationError as exc:
        error = exc.message
    return render(request, "clients/confirmed.html", {"organisation": organisation, "error": error})


def sign_in(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            account = services.client_account_sign_in(**form.cleaned_data, **attempt_context(request))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = 429 if isinstance(exc, RateLimitedError) else 200
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = account.pk
            return redirect("clients:history", slug=slug)
    return render(request, "clients/sign_in.html", {"organisation": organisation, "form": form}, status=status)


@require_POST
def sign_out(request: HttpRequest, slug: str) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    return redirect("clients:sign_in", slug=slug)
