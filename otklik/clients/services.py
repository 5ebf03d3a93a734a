"""The only writers of client accounts: sign-up with a confirmation e-mail, confirmation, sign-in."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.core.links import public_url
from otklik.notifications.services import notify_address
from otklik.orgs.models import Organisation

from .models import ClientAccount

CONFIRM_SALT = "otklik.clients.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 3600


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
def client_account_register(*, organisation: Organisation, email: str, password: str) -> ClientAccount:
    """Create an unconfirmed account and e-mail the signed confirmation link (valid three days)."""
    email = _normal_email(email)
    account = ClientAccount.objects.select_for_update().filter(email=email).first()
    if account is not None and account.confirmed_at is not None:
        raise ApplicationError(_("Учётная запись с этой почтой уже есть. Войдите."), field="email")
    try:
        validate_password(password)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password") from exc
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


@transaction.atomic
def client_account_sign_in(*, email: str, password: str) -> ClientAccount:
    account = ClientAccount.objects.filter(email=email.strip().lower()).first()
    if account is None or not check_password(password, account.password):
        raise ApplicationError(_("Неверная почта или пароль."))
    if account.confirmed_at is None:
        raise ApplicationError(_("Сначала подтвердите почту по ссылке из письма."))
    account.last_login_at = timezone.now()
    account.save(update_fields=["last_login_at", "updated_at"])
    return account
