"""Who works on an appeal through its assignments: their executors, co-executors and controllers see the appeal."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from otklik.appeals.access_sources import register_access_source
from otklik.orgs.models import Organisation, User

from .models import Assignment


@register_access_source
def appeals_assigned_through_assignments(user: User, organisation: Organisation) -> Iterable[int | None]:
    """Appeals of `organisation` on which the person executes, co-executes or controls an assignment (open or not:
    the report they wrote stays theirs to look back on)."""
    return (
        Assignment.objects.filter(organisation=organisation, appeal__isnull=False)
        .filter(Q(executor=user) | Q(controller=user) | Q(co_executors=user))
        .values_list("appeal_id", flat=True)
        .distinct()
    )
