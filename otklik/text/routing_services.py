"""Routing rules of the text room: saving a rule (validated, audited) and applying the rules at registration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.appeals.choices import AppealPriority, IntakeChannel
from otklik.appeals.services import appeal_route
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Membership

from .models.routing import CONTENT_KIND_CHOICES, MOOD_CHOICES, RoutingRule
from .mood import analyse

if TYPE_CHECKING:
    from otklik.appeals.models import Appeal
    from otklik.orgs.models import Organisation, Unit, User

MOODS = {value for value, _label in MOOD_CHOICES}
CONTENT_KINDS = {value for value, _label in CONTENT_KIND_CHOICES}
MAX_INTERNAL_DAYS = 365


@dataclass(frozen=True)
class RuleData:
    """What a person enters for a rule (lists may be empty: any)."""

    name: str
    order: int = 100
    is_active: bool = True
    code_prefixes: tuple[str, ...] = ()
    moods: tuple[str, ...] = ()
    content_kinds: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    author_segment: str | None = None
    priority: str = AppealPriority.NORMAL
    unit: Unit | None = None
    executor: User | None = None
    internal_days: int | None = None


def _snapshot(rule: RoutingRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "order": rule.order,
        "is_active": rule.is_active,
        "code_prefixes": list(rule.code_prefixes),
        "moods": list(rule.moods),
        "content_kinds": list(rule.content_kinds),
        "channels": list(rule.channels),
        "author_segment": rule.author_segment,
        "priority": rule.priority,
        "unit": rule.unit_id,
        "executor": rule.executor_id,
        "internal_days": rule.internal_days,
    }


def _checked(organisation: Organisation, data: RuleData, rule: RoutingRule | None) -> RuleData:
    name = " ".join((data.name or "").split())
    if not name:
        raise ApplicationError(_("Укажите название правила."), field="name")
    if len(name) > 200:
        raise ApplicationError(_("Название правила — не длиннее 200 знаков."), field="name")
    clash = RoutingRule.objects.filter(organisation=organisation, name=name)
    if rule is not None and rule.pk:
        clash = clash.exclude(pk=rule.pk)
    if clash.exists():
        raise ApplicationError(_("Правило с таким названием уже есть."), field="name")
    prefixes = tuple(p.strip() for p in data.code_prefixes if p.strip())
    if any(len(p) > 50 for p in prefixes):
        raise ApplicationError(_("Код классификатора слишком длинный."), field="code_prefixes")
    if not set(data.moods) <= MOODS:
        raise ApplicationError(_("Неизвестная тональность."), field="moods")
    if not set(data.content_kinds) <= CONTENT_KINDS:
        raise ApplicationError(_("Неизвестный вид содержания."), field="content_kinds")
    if not set(data.channels) <= set(IntakeChannel.values):
        raise ApplicationError(_("Неизвестный канал поступления."), field="channels")
    if data.priority not in AppealPriority.values:
        raise ApplicationError(_("Неизвестный приоритет."), field="priority")
    if data.internal_days is not None and not 1 <= data.internal_days <= MAX_INTERNAL_DAYS:
        raise ApplicationError(
            _("Внутренний срок подготовки — от 1 дня; он только сокращает срок по закону, но не продлевает его."),
            field="internal_days",
        )
    if data.unit is not None and data.unit.organisation_id != organisation.pk:
        raise ApplicationError(_("Подразделение должно быть из этого органа."), field="unit")
    if (
        data.executor is not None
        and not Membership.objects.filter(user=data.executor, organisation=organisation).exists()
    ):
        raise ApplicationError(_("Исполнитель должен быть сотрудником этого органа."), field="executor")
    if data.order < 0:
        raise ApplicationError(_("Порядок — неотрицательное число."), field="order")
    return RuleData(
        name=name,
        order=data.order,
        is_active=data.is_active,
        code_prefixes=prefixes,
        moods=tuple(dict.fromkeys(data.moods)),
        content_kinds=tuple(dict.fromkeys(data.content_kinds)),
        channels=tuple(dict.fromkeys(data.channels)),
        author_segment=(data.author_segment or "").strip() or None,
        priority=data.priority,
        unit=data.unit,
        executor=data.executor,
        internal_days=data.internal_days,
    )


def routing_rule_check(*, organisation: Organisation, data: RuleData, rule: RoutingRule | None = None) -> RuleData:
    """Raise the Russian refusal routing_rule_save would raise for this input; the cleaned data otherwise."""
    return _checked(organisation, data, rule)


@transaction.atomic
def routing_rule_save(
    *, actor: User | None, organisation: Organisation, data: RuleData, rule: RoutingRule | None = None
) -> RoutingRule:
    """Create or change a body's routing rule after checking it; refuses with a Russian message, writes nothing."""
    if rule is not None and rule.pk and rule.organisation_id != organisation.pk:
        raise ApplicationError(_("Правило принадлежит другому органу."))
    clean = _checked(organisation, data, rule)
    if rule is not None and rule.pk:
        rule = RoutingRule.objects.select_for_update().get(pk=rule.pk)
        before: dict[str, Any] | None = _snapshot(rule)
    else:
        rule = RoutingRule(organisation=organisation)
        before = None
    rule.name = clean.name
    rule.order = clean.order
    rule.is_active = clean.is_active
    rule.code_prefixes = list(clean.code_prefixes)
    rule.moods = list(clean.moods)
    rule.content_kinds = list(clean.content_kinds)
    rule.channels = list(clean.channels)
    rule.author_segment = clean.author_segment
    rule.priority = clean.priority
    rule.unit = clean.unit
    rule.executor = clean.executor
    rule.internal_days = clean.internal_days
    rule.save()
    audit_record(
        actor=actor,
        action=AuditAction.ROUTING_RULE_SAVED,
        obj=rule,
        organisation=organisation,
        before=before,
        after=_snapshot(rule),
    )
    return rule


def _appeal_codes(appeal: Appeal) -> list[str]:
    return [code for code in appeal.questions.values_list("classifier__code", flat=True) if code]


def rule_matches(rule: RoutingRule, *, codes: list[str], mood: str, content_kind: str, channel: str) -> bool:
    """Whether every non-empty condition of the rule holds (the author's segment never holds until profiles exist)."""
    if rule.code_prefixes and not any(code.startswith(tuple(rule.code_prefixes)) for code in codes):
        return False
    if rule.moods and mood not in rule.moods:
        return False
    if rule.content_kinds and content_kind not in rule.content_kinds:
        return False
    if rule.channels and channel not in rule.channels:
        return False
    return not rule.author_segment  # no client profiles yet: a rule for a segment cannot be checked, so it waits


def matching_rule(appeal: Appeal) -> RoutingRule | None:
    """The body's first active rule, by order, whose conditions the appeal meets."""
    rules = list(
        RoutingRule.objects.filter(organisation_id=appeal.organisation_id, is_active=True).order_by("order", "id")
    )
    if not rules:
        return None
    result = analyse(appeal.text)
    codes = _appeal_codes(appeal)
    for rule in rules:
        if rule_matches(rule, codes=codes, mood=result.mood, content_kind=result.content_kind, channel=appeal.channel):
            return rule
    return None


def apply_routing(appeal: Appeal) -> None:
    """The registration hook: write the first matching rule's outcome to the new appeal (inside its registration)."""
    rule = matching_rule(appeal)
    if rule is None:
        return
    appeal_route(
        appeal=appeal,
        actor=None,
        rule=rule.name,
        priority=rule.priority,
        unit=rule.unit,
        executor=rule.executor,
        internal_days=rule.internal_days,
    )


def applied_rule(appeal: Appeal) -> tuple[str, str] | None:
    """The priority and the name of the rule that fired on the appeal at registration, or None."""
    if not appeal.routing_rule_name:
        return None
    return (appeal.priority, appeal.routing_rule_name)
