"""The only writers of organisations, units, staff memberships and channels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError

from .choices import RoleCode
from .models import Membership, Organisation, Role, Unit, User
from .permissions import AnyUser, require_role


def roles_by_code(codes: Iterable[str]) -> dict[str, Role]:
    """The Role rows for these codes; rows of the fixed list are (re)created if a flush removed them."""
    codes = list(codes)
    unknown = set(codes) - set(RoleCode.values)
    if unknown:
        raise ApplicationError(_("Неизвестные роли: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    return {code: Role.objects.get_or_create(code=code)[0] for code in codes}


def _roles(codes: Iterable[str]) -> list[Role]:
    return list(roles_by_code(codes).values())


@transaction.atomic
def membership_set(
    *,
    actor: AnyUser | None,
    organisation: Organisation,
    user: User,
    unit: Unit | None,
    position: str,
    role_codes: Iterable[str],
    check_permissions: bool = True,
) -> Membership:
    """Put a person into the organisation (or update their place): unit, position and roles."""
    if check_permissions and actor is not None:
        require_role(actor, organisation, RoleCode.ADMINISTRATOR)
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ApplicationError(_("Подразделение принадлежит другой организации."), field="unit")
    roles = _roles(role_codes)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    before: dict[str, Any] | None = None
    if membership is None:
        membership = Membership.objects.create(
            user=user, organisation=organisation, unit=unit, position=position, is_active=True
        )
    else:
        before = {
            **snapshot(membership, fields=["unit", "position", "is_active"]),
            "roles": _role_codes(membership),
        }
        membership.unit, membership.position, membership.is_active = unit, position, True
        membership.save(update_fields=["unit", "position", "is_active", "updated_at"])
    membership.roles.set(roles)
    after = {
        **snapshot(membership, fields=["unit", "position", "is_active"]),
        "roles": _role_codes(membership),
    }
    if before != after:
        audit_record(
            actor=actor if isinstance(actor, User) else None,
            action=AuditAction.MEMBERSHIP_CREATED if before is None else AuditAction.MEMBERSHIP_CHANGED,
            obj=membership,
            organisation=organisation,
            before=before,
            after=after,
        )
    return membership


def _role_codes(membership: Membership) -> list[str]:
    return sorted(membership.roles.values_list("code", flat=True))


@transaction.atomic
def organisation_settings_update(
    *, actor: AnyUser, organisation: Organisation, changes: dict[str, Any]
) -> Organisation:
    """Change an organisation's terms and thresholds; only its administrator may."""
    require_role(actor, organisation, RoleCode.ADMINISTRATOR)
    allowed = {field.name for field in Organisation._meta.concrete_fields} - {
        "id",
        "slug",
        "created_at",
        "updated_at",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(_("Нельзя изменить поля: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = snapshot(organisation, fields=sorted(changes))
    for name, value in changes.items():
        setattr(organisation, name, value)
    try:
        organisation.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=field) from exc
    organisation.save()
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        action=AuditAction.ORGANISATION_SETTINGS_CHANGED,
        obj=organisation,
        organisation=organisation,
        before=before,
        after=snapshot(organisation, fields=sorted(changes)),
    )
    return organisation


@transaction.atomic
def api_token_issue(*, user: User) -> str:
    """The user's API key, created on first request; the creation is audited."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.filter(user=user).first()
    if token is None:
        token = Token.objects.create(user=user)
        audit_record(actor=user, action=AuditAction.API_TOKEN_ISSUED, obj=user)
    return str(token.key)
