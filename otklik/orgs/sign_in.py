"""Staff sign-in under lock-out: every failed attempt is audited, and a locked login gets the page saying until when."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from otklik.core.audit import audit_sign_in
from otklik.core.audit_actions import AuditAction
from otklik.core.client_address import client_ip
from otklik.core.sign_in_guard import lock_end, lockout_message, until_text

from .models import User


def _login(credentials: dict[str, Any] | None) -> str:
    return str((credentials or {}).get(User.USERNAME_FIELD) or "")


@receiver(user_login_failed, dispatch_uid="otklik.orgs.sign_in.audit_failed_sign_in")
def audit_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """One audit row per failed staff sign-in (django-axes has counted it just before: it is an earlier app)."""
    login = _login(credentials)
    locked = bool(getattr(request, "axes_locked_out", False))
    counted = getattr(request, "axes_failures_since_start", None)  # None: refused by the lock, not counted
    after: dict[str, Any] = {
        "login": login,
        "address": client_ip(request) if request is not None else "",
        "locked": locked,
    }
    action = AuditAction.AUTH_SIGN_IN_FAILED
    if locked and counted is not None and request is not None:
        action = AuditAction.AUTH_LOCKED_OUT
        after |= {"failures": counted, "until": until_text(lock_end(request, credentials))}
    with transaction.atomic():
        account = User.objects.filter(**{User.USERNAME_FIELD: login}).first() if login else None
        audit_sign_in(action=action, model=User, account=account, login=login, after=after)


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: Any) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the staff login page again, with until when the login is locked (429)."""
    until = lock_end(request, credentials)
    form = AuthenticationForm(request, initial={"username": _login(credentials)})
    context = {
        "form": form,
        "lockout": lockout_message(until),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, "registration/login.html", context, status=429)
