"""Sign-in lock-out for every kind of account, on django-axes: staff through Django's auth, citizens through here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_credentials
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

# The end of a lock that has no cool-off (AXES_COOLOFF_TIME unset): only an administrator lifts it.
FOREVER = dt.datetime.max.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class SignInAttempt:
    """One try to sign in to an account that is not a Django user (a citizen's): axes counts it like a staff one.

    `login` is namespaced by the caller (``client:<e-mail>``), so that a citizen's lock never locks a staff user of
    the same name; `address` is the client's address from core.client_address.
    """

    login: str
    address: str
    user_agent: str = ""
    path: str = ""


def lockout_message(until: dt.datetime | None) -> str:
    """The refusal a locked-out person reads: what happened and when to try again (local time of the installation)."""
    if until is None or until == FOREVER:
        return _("Вход заблокирован: слишком много неудачных попыток входа. Обратитесь к администратору.")
    moment = timezone.localtime(until)
    return _("Вход временно заблокирован: слишком много неудачных попыток входа. Попробуйте снова после %(time)s.") % {
        "time": moment.strftime("%H:%M %d.%m.%Y")
    }


def lock_end(request: HttpRequest, credentials: dict[str, Any] | None) -> dt.datetime | None:
    """When the lock on this login (and address, if configured) ends, or None if it is not locked now."""
    AxesProxyHandler.update_request(request)
    handler: Any = AxesProxyHandler.get_implementation()
    if not handler.is_locked(request, credentials):
        return None
    cool_off = get_cool_off(request)
    if not cool_off:
        return FOREVER
    latest = [
        moment
        for attempts in handler.get_user_attempts(request, credentials)
        if (moment := attempts.aggregate(last=Max("attempt_time"))["last"]) is not None
    ]
    return max(latest) + cool_off if latest else FOREVER


def until_text(until: dt.datetime | None) -> str | None:
    """The lock's end for the audit log, in the installation's time."""
    if until is None or until == FOREVER:
        return None
    return timezone.localtime(until).isoformat()


def _request(attempt: SignInAttempt) -> HttpRequest:
    """A stand-in request for axes: only what it records (address, user agent, path), never the form's fields.

    Axes flags the request it is given; a stand-in keeps those flags off the real one, where the staff lock-out
    middleware would answer with the staff login page.
    """
    request = HttpRequest()
    request.method = "POST"
    request.path = request.path_info = attempt.path
    request.META = {"REMOTE_ADDR": attempt.address, "HTTP_USER_AGENT": attempt.user_agent[:255]}
    return request


def sign_in_locked_until(attempt: SignInAttempt) -> dt.datetime | None:
    """The end of the current lock on this login, or None when it may try."""
    if not settings.AXES_ENABLED:
        return None
    return lock_end(_request(attempt), get_credentials(attempt.login))


def sign_in_failed(attempt: SignInAttempt) -> dt.datetime | None:
    """Count a failed try; returns the end of the lock when this failure reached the limit."""
    if not settings.AXES_ENABLED:
        return None
    request, credentials = _request(attempt), get_credentials(attempt.login)
    AxesProxyHandler.user_login_failed(sender=SignInAttempt, credentials=credentials, request=request)
    if not getattr(request, "axes_locked_out", False):
        return None
    return lock_end(request, credentials)


def sign_in_succeeded(attempt: SignInAttempt) -> None:
    """A right password outside a lock clears the login's failures, as axes does for staff (AXES_RESET_ON_SUCCESS)."""
    if settings.AXES_ENABLED and settings.AXES_RESET_ON_SUCCESS:
        request = _request(attempt)
        AxesProxyHandler.update_request(request)
        handler: Any = AxesProxyHandler.get_implementation()
        handler.reset_user_attempts(request, get_credentials(attempt.login))
