"""Reads of the registry: the published version for anyone, the live registry and queue for staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from otklik.orgs.choices import DIGITAL_CHANNEL_TYPES, RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import AnyUser, require_member

from .choices import ChangeStatus
from .models import ChangeRequest, Process, RegistryVersion, Touchpoint


def registry_keepers(organisation: Organisation) -> QuerySet[User]:
    """The authorised people who keep the registry (001 §2.2), plus the organisation's administrators."""
    return User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__is_active=True,
        memberships__roles__code__in=[RoleCode.REGISTRY_KEEPER, RoleCode.ADMINISTRATOR],
    ).distinct()


def published_version(organisation: Organisation, number: int | None = None) -> RegistryVersion | None:
    """The latest published version, or the numbered one if it was published (public)."""
    versions = RegistryVersion.objects.filter(organisation=organisation, published_at__isnull=False)
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by("-number").first()


def published_versions(organisation: Organisation) -> QuerySet[RegistryVersion]:
    return (
        RegistryVersion.objects.filter(organisation=organisation, published_at__isnull=False)
        .order_by("-number")
        .defer("snapshot")
    )


def staff_versions(*, user: AnyUser, organisation: Organisation) -> QuerySet[RegistryVersion]:
    require_member(user, organisation)
    return (
        RegistryVersion.objects.filter(organisation=organisation)
        .select_related("approved_by", "published_by")
        .defer("snapshot")
        .order_by("-number")
    )


def version_for_staff(*, user: AnyUser, organisation: Organisation, number: int) -> RegistryVersion | None:
    require_member(user, organisation)
    return RegistryVersion.objects.filter(organisation=organisation, number=number).first()


def live_touchpoints(*, user: AnyUser, organisation: Organisation) -> QuerySet[Touchpoint]:
    require_member(user, organisation)
    return (
        Touchpoint.objects.filter(organisation=organisation, is_active=True)
        .select_related("process")
        .order_by("process__position", "position")
    )


def processes(*, user: AnyUser, organisation: Organisation) -> QuerySet[Process]:
    require_member(user, organisation)
    return Process.objects.filter(organisation=organisation, is_active=True).order_by("position")


def change_queue(*, user: AnyUser, organisation: Organisation, status: str | None = None) -> QuerySet[ChangeRequest]:
    require_member(user, organisation)
    queryset = ChangeRequest.objects.filter(organisation=organisation).select_related(
        "author", "touchpoint", "process", "unit", "decided_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at")


def change_for_staff(*, user: AnyUser, organisation: Organisation, pk: int) -> ChangeRequest | None:
    require_member(user, organisation)
    return (
        ChangeRequest.objects.filter(organisation=organisation, pk=pk)
        .select_related("author", "touchpoint", "touchpoint__process", "process", "unit", "decided_by")
        .prefetch_related("events__actor")
        .first()
    )


def pending_publications(*, user: AnyUser, organisation: Organisation) -> list[RegistryVersion]:
    require_member(user, organisation)
    return list(
        RegistryVersion.objects.filter(organisation=organisation, published_at__isnull=True, superseded=False)
        .defer("snapshot")
        .order_by("number")
    )


def open_change_count(organisation: Organisation) -> int:
    return ChangeRequest.objects.filter(organisation=organisation, status=ChangeStatus.SUBMITTED).count()


@dataclass
class PrincipleReport:
    """R-TP-9 (001/002 §2.9): where the registry falls short of the principles."""

    no_digital: list[Process]
    no_offline: list[Process]
    no_need: list[Touchpoint]
    no_accessibility: list[Touchpoint]

    @property
    def is_clean(self) -> bool:
        return not (self.no_digital or self.no_offline or self.no_need or self.no_accessibility)


def principle_report(*, user: AnyUser, organisation: Organisation) -> PrincipleReport:
    touchpoints = list(live_touchpoints(user=user, organisation=organisation))
    by_process: dict[int, list[Touchpoint]] = {}
    for touchpoint in touchpoints:
        by_process.setdefault(touchpoint.process_id, []).append(touchpoint)
    active_processes = [p for p in processes(user=user, organisation=organisation) if p.pk in by_process]
    return PrincipleReport(
        no_digital=[
            p for p in active_processes if not any(t.channel_type in DIGITAL_CHANNEL_TYPES for t in by_process[p.pk])
        ],
        no_offline=[
            p for p in active_processes if all(t.channel_type in DIGITAL_CHANNEL_TYPES for t in by_process[p.pk])
        ],
        no_need=[t for t in touchpoints if not t.needs],
        no_accessibility=[t for t in touchpoints if not t.accessibility_notes.strip()],
    )


def version_is_overdue(version: RegistryVersion, today: dt.date) -> bool:
    return version.published_at is None and not version.superseded and today > version.publish_due
