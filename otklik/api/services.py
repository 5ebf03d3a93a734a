"""The only writers of client applications: issue a key, revoke it, submit an appeal on behalf of an application."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.appeals.choices import IntakeChannel
from otklik.appeals.intake import AppealIntake
from otklik.appeals.services import Registration, appeal_register
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.core.submission_keys import submission_key_scoped
from otklik.core.submission_limits import SubmissionGuard
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import require_role

from .models import ApiKey, ApiSubmission

KEY_PREFIX = "otk_"
REVOKER_ROLES = (RoleCode.ADMINISTRATOR, RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD)


def api_key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    raw: str  # shown once, never stored


@transaction.atomic
def api_key_issue(*, organisation: Organisation, name: str, contact_email: str, submission_key: str = "") -> IssuedKey:
    """A client registers an application and gets its key at once; only the key's hash is kept.

    The portal page and the API send a submission key: the same form sent twice issues one key (the second
    is refused, since the key is shown only once).
    """
    name, contact_email = name.strip(), contact_email.strip()
    if not name:
        raise ApplicationError(_("Укажите название приложения."), field="name")
    if len(name) > 200:
        raise ApplicationError(_("Название — не длиннее 200 знаков."), field="name")
    try:
        validate_email(contact_email)
    except ValidationError as exc:
        raise ApplicationError(_("Проверьте адрес электронной почты."), field="contact_email") from exc
    if submission_key:
        sender = f"developer:{contact_email.casefold()}"
        repeat = f"api-key-issue:{submission_key_scoped(submission_key, sender=sender)}"
        if not cache.add(repeat, 1, timeout=24 * 3600):
            raise ApplicationError(
                _("Ключ по этой отправке уже выдан и показан один раз. Если вы его не сохранили, получите новый."),
                field="submission_key",
            )
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        organisation=organisation,
        name=name,
        contact_email=contact_email,
        prefix=raw[: len(KEY_PREFIX) + 6],
        key_hash=api_key_hash(raw),
    )
    audit_record(
        actor=None,
        action=AuditAction.API_KEY_ISSUED,
        obj=key,
        organisation=organisation,
        after={"name": name, "prefix": key.prefix},
    )
    return IssuedKey(key, raw)


@transaction.atomic
def api_key_revoke(*, actor: User, key: ApiKey) -> ApiKey:
    """Staff of the organisation revoke a key: every later call with it is refused."""
    key = ApiKey.objects.select_for_update().select_related("organisation").get(pk=key.pk)
    require_role(actor, key.organisation, *REVOKER_ROLES)
    if key.revoked_at is not None:
        raise ApplicationError(_("Ключ уже отозван."))
    key.revoked_at, key.revoked_by = timezone.now(), actor
    key.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.API_KEY_REVOKED,
        obj=key,
        organisation=key.organisation,
        after={"prefix": key.prefix},
    )
    return key


def api_key_touch(key: ApiKey) -> None:
    """Remember when the key was last used (at most once a minute, outside any business transaction)."""
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)


@transaction.atomic
def client_appeal_submit(*, key: ApiKey, intake: AppealIntake) -> Registration:
    """An application submits an appeal to its organisation through the appeals service (channel «API»)."""
    if key.revoked_at is not None:
        raise ApplicationError(_("Ключ отозван."))
    # An application cannot flood one citizen's e-mail: the portal's per-e-mail budget holds here too (429).
    SubmissionGuard("appeal").admit(email=intake.author.email)
    # Whatever the adapter wrote, an application's appeal arrives through the API: never as staff post or a visit.
    # Its submission keys are its own: another application's same key is another appeal.
    intake = replace(intake, channel=IntakeChannel.API, sender=intake.sender or f"api-key:{key.pk}")
    registration = appeal_register(actor=None, organisation=key.organisation, intake=intake)
    if not registration.duplicate:
        ApiSubmission.objects.create(key=key, appeal=registration.appeal)
    return registration
