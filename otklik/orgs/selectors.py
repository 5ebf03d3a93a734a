"""Permission-checked reads of organisations, units, staff and channels."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from otklik.core.errors import PermissionDeniedError

from .models import Channel, Membership, Organisation, Role, Unit
from .permissions import AnyUser, require_member


def organisations_for_user(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations the user works in (all of them for a superuser)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.filter(is_active=True)
    return Organisation.objects.filter(is_active=True, memberships__user=user, memberships__is_active=True).distinct()


def organisation_for_user(*, user: AnyUser, slug: str) -> Organisation:
    organisation = organisations_for_user(user).filter(slug=slug).first()
    if organisation is None:
        raise PermissionDeniedError(_("Организация не найдена или недоступна."))
    return organisation


def public_organisations() -> QuerySet[Organisation]:
    """What anyone may see: active organisations with their public contacts."""
    return Organisation.objects.filter(is_active=True).order_by("short_name")


def public_organisation(slug: str) -> Organisation | None:
    return public_organisations().filter(slug=slug).first()


def membership_of(user: AnyUser, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("unit")
        .prefetch_related("roles")
        .filter(user=user, organisation=organisation, is_active=True)
        .first()
    )


@dataclass(frozen=True)
class UnitNode:
    unit: Unit
    depth: int
    staff_count: int


def unit_tree(*, user: AnyUser, organisation: Organisation) -> list[UnitNode]:
    """Units in tree order (parents before children) with their depth; one query."""
    require_member(user, organisation)
    units = list(organisation.units.all())
    staff_counts: dict[int, int] = {}
    for unit_id in Membership.objects.filter(organisation=organisation, is_active=True).values_list(
        "unit_id", flat=True
    ):
        if unit_id is not None:
            staff_counts[unit_id] = staff_counts.get(unit_id, 0) + 1
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[UnitNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            ordered.append(UnitNode(unit, depth, staff_counts.get(unit.pk, 0)))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def staff_list(*, user: AnyUser, organisation: Organisation) -> QuerySet[Membership]:
    require_member(user, organisation)
    return (
        Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user", "unit")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("code")))
        .order_by("unit__sort_order", "user__last_name", "user__first_name")
    )


def channel_list(organisation: Organisation) -> QuerySet[Channel]:
    """Channels are public contacts of the body; anyone may read them."""
    return organisation.channels.all()
