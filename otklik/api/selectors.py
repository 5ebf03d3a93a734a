"""Permission-checked reads of the API room: the organisation's client keys, for the staff who may revoke them."""

from __future__ import annotations

from django.db.models import QuerySet

from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, require_role

from .models import ApiKey
from .services import REVOKER_ROLES


def api_keys_for_staff(*, user: AnyUser, organisation: Organisation) -> QuerySet[ApiKey]:
    """Every key issued for the organisation (PermissionDeniedError without a revoking role)."""
    require_role(user, organisation, *REVOKER_ROLES)
    return ApiKey.objects.filter(organisation=organisation)
