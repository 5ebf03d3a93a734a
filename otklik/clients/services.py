"""The only writers of client accounts: sign-up with a confirmation e-mail, confirmation, sign-in."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, audit_sign_in
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError, RateLimitedError
from otklik.core.links import public_url
from otklik.core.sign_in_guard import (
    SignInAttempt,
    lockout_message,
    sign_in_failed,
    sign_in_locked_until,
    sign_in_succeeded,
    until_text,
)
from otklik.core.submission_keys import submission_key_scoped
from otklik.core.submission_limits import SubmissionGuard
from otklik.notifications.services import notify_address
from otklik.orgs.models import Organisation

from .models import ClientAccount

CONFIRM_SALT = "otklik.clients.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 3600
# Citizens' logins in the lock-out's records: apart from staff usernames, so that neither can lock the other.
SIGN_IN_NAMESPACE = "client:"


def confirmation_token(account: ClientAccount) -> str:
    return signing.dumps({"account": account.pk, "email": account.email}, salt=CONFIRM_SALT)


def _normal_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ApplicationError(_("Проверьте адрес электронной почты."), field="email") from exc
    return email


@transaction.atomic
def client_account_register(
    *, organisation: Organisation, email: str, password: str, submission_key: str
) -> ClientAccount:
    """Create an unconfirmed account and e-mail the signed confirmation link (valid three days).

    The same form sent twice (one key) sends one letter; letters to one address are limited per day
    (OTKLIK_SUBMISSION_LIMITS["confirmation_mail"]), so nobody can flood someone else's mailbox from here.
    """
    email = _normal_email(email)
    repeat = f"client-sign-up:{submission_key_scoped(submission_key, sender=f'email:{email}')}"
    earlier = ClientAccount.objects.filter(pk=cache.get(repeat), confirmed_at=None).first()
    if earlier is not None:
        return earlier
    account = ClientAccount.objects.select_for_update().filter(email=email).first()
    if account is not None and account.confirmed_at is not None:
        raise ApplicationError(_("Учётная запись с этой почтой уже есть. Войдите."), field="email")
    try:
        validate_password(password)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password") from exc
    SubmissionGuard("confirmation_mail").admit(email=email)
    if account is None:
        account = ClientAccount.objects.create(email=email, password=make_password(password))
    else:  # signing up again before confirming: a new password and a new link
        account.password = make_password(password)
        account.save(update_fields=["password", "updated_at"])
    link = public_url(f"/o/{organisation.slug}/account/confirm/{confirmation_token(account)}/")
    notify_address(
        email=email,
        subject=_("%(org)s: подтвердите адрес электронной почты") % {"org": organisation.short_name},
        body=_(
            "Здравствуйте!\n\nЧтобы открыть личный кабинет и видеть историю своих обращений, подтвердите адрес: "
            "%(link)s\n\nСсылка действует три дня. Если вы не регистрировались, просто удалите это письмо."
        )
        % {"link": link},
        organisation=organisation,
    )
    audit_record(actor=None, action=AuditAction.CLIENT_ACCOUNT_REGISTERED, obj=account, after={"email": email})
    account_id = account.pk
    transaction.on_commit(lambda: cache.set(repeat, account_id, timeout=CONFIRM_MAX_AGE))
    return account


@transaction.atomic
def client_account_confirm(*, token: str) -> ClientAccount:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApplicationError(_("Ссылка устарела. Зарегистрируйтесь ещё раз — придёт новая.")) from exc
    except signing.BadSignature as exc:
        raise ApplicationError(_("Ссылка неверна.")) from exc
    account = ClientAccount.objects.select_for_update().filter(pk=data.get("account"), email=data.get("email")).first()
    if account is None:
        raise ApplicationError(_("Ссылка неверна."))
    if account.confirmed_at is None:
        account.confirmed_at = timezone.now()
        account.save(update_fields=["confirmed_at", "updated_at"])
        audit_record(
            actor=None, action=AuditAction.CLIENT_ACCOUNT_CONFIRMED, obj=account, after={"email": account.email}
        )
    return account


def client_account_sign_in(*, email: str, password: str, address: str, user_agent: str = "") -> ClientAccount:
    """Sign in by e-mail and password under the lock-out (django-axes, as for staff); every failure is audited.

    Not one transaction: a failed attempt's count and audit row must stay although the sign-in is refused.
    """
    email = email.strip().lower()
    attempt = SignInAttempt(login=f"{SIGN_IN_NAMESPACE}{email}", address=address, user_agent=user_agent)
    account = ClientAccount.objects.filter(email=email).first()
    until = sign_in_locked_until(attempt)
    if until is not None:  # refused before the password is even looked at, and not counted again
        _audit_sign_in_failure(account, email, attempt, locked=True)
        raise RateLimitedError(lockout_message(until), until=until)
    if account is None or not check_password(password, account.password):
        until = sign_in_failed(attempt)
        _audit_sign_in_failure(account, email, attempt, locked=until is not None, until=until)
        if until is not None:
            raise RateLimitedError(lockout_message(until), until=until)
        raise ApplicationError(_("Неверная почта или пароль."))
    if account.confirmed_at is None:
        raise ApplicationError(_("Сначала подтвердите почту по ссылке из письма."))
    sign_in_succeeded(attempt)
    with transaction.atomic():
        account.last_login_at = timezone.now()
        account.save(update_fields=["last_login_at", "updated_at"])
    return account


def _audit_sign_in_failure(
    account: ClientAccount | None,
    email: str,
    attempt: SignInAttempt,
    *,
    locked: bool,
    until: dt.datetime | None = None,
) -> None:
    """A failed citizen sign-in in the audit log; the one that locked the login is a lock-out with its end."""
    after: dict[str, object] = {"login": email, "address": attempt.address, "locked": locked}
    action = AuditAction.CLIENT_ACCOUNT_SIGN_IN_FAILED
    if until is not None:
        action = AuditAction.CLIENT_ACCOUNT_LOCKED_OUT
        after["until"] = until_text(until)
    with transaction.atomic():
        audit_sign_in(action=action, model=ClientAccount, account=account, login=email, after=after)
