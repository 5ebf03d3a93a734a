"""Permission checks by role inside an organisation; every selector and service asks here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from otklik.core.errors import PermissionDeniedError

from .choices import RoleCode
from .models import Organisation, User

AnyUser = User | AnonymousUser


def roles_of(user: AnyUser, organisation: Organisation) -> frozenset[str]:
    """The user's role codes in the organisation, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_otklik_roles", {})
    if organisation.pk not in cache:
        codes = Organisation.objects.filter(
            pk=organisation.pk, memberships__user=user, memberships__is_active=True
        ).values_list("memberships__roles__code", flat=True)
        cache[organisation.pk] = frozenset(code for code in codes if code)
    return cache[organisation.pk]


def is_member(user: AnyUser, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.memberships.filter(organisation=organisation, is_active=True).exists()


def has_role(user: AnyUser, organisation: Organisation, *roles: str) -> bool:
    """True for a superuser, an organisation administrator, or a holder of any of `roles`."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    held = roles_of(user, organisation)
    return RoleCode.ADMINISTRATOR in held or bool(held.intersection(roles))


def require_member(user: AnyUser, organisation: Organisation) -> None:
    if not is_member(user, organisation):
        raise PermissionDeniedError(_("Вы не состоите в организации «%(org)s».") % {"org": organisation})


def require_role(user: AnyUser, organisation: Organisation, *roles: str) -> None:
    if not has_role(user, organisation, *roles):
        names = ", ".join(str(RoleCode(code).label) for code in roles) or str(RoleCode.ADMINISTRATOR.label)
        raise PermissionDeniedError(
            _("Для этого действия в организации «%(org)s» нужна роль: %(roles)s.")
            % {"org": organisation, "roles": names}
        )
