"""Routing of a freshly registered appeal: priority, unit or executor and the internal term a rule set (issue 18)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.models import Membership

from .. import events
from ..choices import AppealPriority

if TYPE_CHECKING:
    from otklik.orgs.models import Unit, User

    from ..models import Appeal


def internal_due_date_for(appeal: Appeal, days: int | None) -> dt.date | None:
    """The internal preparation term: `days` after registration, capped at the legal term (it never moves later)."""
    if days is None:
        return None
    return min(appeal.registered_on + dt.timedelta(days=days), appeal.governing_due_date)


@transaction.atomic
def appeal_route(
    *,
    appeal: Appeal,
    actor: User | None,
    rule: str,
    priority: str,
    unit: Unit | None = None,
    executor: User | None = None,
    internal_days: int | None = None,
) -> Appeal:
    """Write a routing rule's outcome to the appeal and say on its timeline which rule fired."""
    if priority not in AppealPriority.values:
        raise ApplicationError(_("Неизвестный приоритет."), field="priority")
    if internal_days is not None and internal_days < 1:
        raise ApplicationError(_("Внутренний срок — не меньше одного дня."), field="internal_days")
    if unit is not None and unit.organisation_id != appeal.organisation_id:
        raise ApplicationError(_("Подразделение должно быть из того же органа."), field="unit")
    if executor is not None and not Membership.objects.filter(user=executor, organisation=appeal.organisation).exists():
        raise ApplicationError(_("Исполнитель должен быть сотрудником того же органа."), field="executor")
    before = {
        "priority": appeal.priority,
        "unit": appeal.unit_id,
        "executor": appeal.executor_id,
        "internal_due_date": appeal.internal_due_date.isoformat() if appeal.internal_due_date else None,
    }
    appeal.priority = priority
    if unit is not None:
        appeal.unit = unit
    if executor is not None:
        appeal.executor = executor
    appeal.internal_due_date = internal_due_date_for(appeal, internal_days)
    appeal.routing_rule_name = rule[:200]
    appeal.save(update_fields=["priority", "unit", "executor", "internal_due_date", "routing_rule_name", "updated_at"])
    events.routed(appeal=appeal, actor=actor, rule=rule, before=before)
    return appeal
