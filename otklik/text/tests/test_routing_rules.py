"""Routing rules: saved through a checked, audited service and applied at registration; the first match wins."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from otklik.appeals.choices import IntakeChannel
from otklik.appeals.models import AppealEvent, ClassifierNode
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, UnitFactory, UserFactory, member
from otklik.text.models import RoutingRule
from otklik.text.routing_services import RuleData, applied_rule, routing_rule_save

pytestmark = pytest.mark.django_db
MSK = zoneinfo.ZoneInfo("Europe/Moscow")
COMPLAINT = "Жалоба на бездействие управляющей компании: третий месяц не вывозят мусор, это нарушение моих прав."
THANKS = "Выражаю благодарность сотрудникам за внимательное и вежливое отношение. Спасибо!"


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 11, 0, tzinfo=MSK), tick=False)


def register(organisation, **fields):
    return appeal_register(actor=None, organisation=organisation, intake=appeal_intake(**fields)).appeal


def save(organisation, **fields):
    return routing_rule_save(actor=None, organisation=organisation, data=RuleData(**fields))


def node(code: str) -> ClassifierNode:
    parts = code.split(".")
    parent = None
    for level in range(1, len(parts) + 1):
        parent, _ = ClassifierNode.objects.get_or_create(
            code=".".join(parts[:level]),
            defaults={
                "name": f"Тема {level}",
                "parent": parent,
                "level": level,
                "section_code": parts[0],
                "edition": "2025-10-31",
            },
        )
    assert parent is not None
    return parent


def test_the_first_matching_rule_by_order_wins_and_the_card_says_so(organisation):
    unit = UnitFactory(organisation=organisation, name="Отдел ЖКХ")
    save(organisation, name="Жалобы — срочно", order=10, content_kinds=("complaint",), priority="urgent", unit=unit)
    save(organisation, name="Всё негативное", order=20, moods=("negative",), priority="high")
    appeal = register(organisation, text=COMPLAINT)
    assert appeal.priority == "urgent"
    assert appeal.unit == unit
    assert appeal.routing_rule_name == "Жалобы — срочно"
    assert applied_rule(appeal) == ("urgent", "Жалобы — срочно")
    event = AppealEvent.objects.get(appeal=appeal, kind="routed")
    assert event.text == "Сработало правило маршрутизации «Жалобы — срочно»"
    assert AuditEntry.objects.filter(action="appeal.routed", object_id=str(appeal.pk)).exists()


def test_order_decides_not_creation(organisation):
    save(organisation, name="Позже", order=50, moods=("negative",), priority="low")
    save(organisation, name="Раньше", order=5, moods=("negative",), priority="high")
    appeal = register(organisation, text=COMPLAINT)
    assert applied_rule(appeal) == ("high", "Раньше")


def test_no_matching_rule_leaves_the_appeal_as_it_was(organisation):
    save(organisation, name="Только жалобы", content_kinds=("complaint",), priority="urgent")
    save(organisation, name="Выключенное", is_active=False, priority="urgent")
    appeal = register(organisation, text=THANKS)
    assert appeal.priority == "normal"
    assert applied_rule(appeal) is None
    assert not AppealEvent.objects.filter(appeal=appeal, kind="routed").exists()


def test_conditions_on_channel_and_code(organisation):
    node("0003.0008.0086.0380")
    save(organisation, name="Почта по ЖКХ", channels=("post",), code_prefixes=("0003.0008",), priority="high")
    clerk = member(organisation, RoleCode.REGISTRAR)
    by_portal = register(organisation, text=THANKS, questions=[{"classifier_code": "0003.0008.0086.0380"}])
    assert applied_rule(by_portal) is None
    by_post = appeal_register(
        actor=clerk,
        organisation=organisation,
        intake=appeal_intake(
            text=THANKS, channel=IntakeChannel.POST, questions=[{"classifier_code": "0003.0008.0086.0380"}]
        ),
    ).appeal
    assert applied_rule(by_post) == ("high", "Почта по ЖКХ")


def test_a_segment_rule_waits_for_client_profiles(organisation):
    save(organisation, name="Ветераны", author_segment="ветераны", priority="urgent")
    assert applied_rule(register(organisation, text=COMPLAINT)) is None


def test_the_internal_term_shortens_but_never_extends_the_legal_term(organisation):
    executor = member(organisation, RoleCode.EXECUTOR)
    save(organisation, name="Короткий срок", order=1, moods=("negative",), internal_days=10, executor=executor)
    save(organisation, name="Длинный срок", order=2, moods=("positive",), internal_days=90)
    with at(dt.date(2026, 3, 2)):
        short = register(organisation, text=COMPLAINT)
        long = register(organisation, text=THANKS)
    assert short.internal_due_date == dt.date(2026, 3, 12)
    assert short.executor == executor
    assert long.internal_due_date == long.governing_due_date  # capped: 90 days would pass the 30-day legal term
    assert long.governing_due_date == long.due_date  # the legal term itself did not move


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "Укажите название правила."),
        ({"name": "Плохой", "moods": ("angry",)}, "Неизвестная тональность."),
        ({"name": "Плохой", "content_kinds": ("spam",)}, "Неизвестный вид содержания."),
        ({"name": "Плохой", "channels": ("pigeon",)}, "Неизвестный канал поступления."),
        ({"name": "Плохой", "priority": "asap"}, "Неизвестный приоритет."),
        ({"name": "Плохой", "internal_days": 0}, "Внутренний срок подготовки"),
    ],
)
def test_bad_rules_are_refused_in_russian_and_nothing_is_written(organisation, fields, message):
    with pytest.raises(ApplicationError) as refused:
        save(organisation, **fields)
    assert message in str(refused.value.message)
    assert not RoutingRule.objects.exists()
    assert not AuditEntry.objects.filter(action="routing_rule.saved").exists()


def test_unit_and_executor_of_another_body_are_refused(organisation):
    other = OrganisationFactory(slug="other")
    with pytest.raises(ApplicationError, match="Подразделение"):
        save(organisation, name="Чужой отдел", unit=UnitFactory(organisation=other))
    with pytest.raises(ApplicationError, match="Исполнитель"):
        save(organisation, name="Чужой исполнитель", executor=UserFactory())


def test_duplicate_name_is_refused_and_a_change_is_audited(organisation):
    rule = save(organisation, name="Жалобы", priority="high")
    with pytest.raises(ApplicationError, match="уже есть"):
        save(organisation, name="Жалобы")
    changed = routing_rule_save(
        actor=None, organisation=organisation, rule=rule, data=RuleData(name="Жалобы", priority="urgent")
    )
    assert changed.priority == "urgent"
    assert RoutingRule.objects.count() == 1
    entries = AuditEntry.objects.filter(action="routing_rule.saved").order_by("id")
    assert [e.after["priority"] for e in entries] == ["high", "urgent"]
    assert entries.last().before["priority"] == "high"


def test_the_card_shows_priority_internal_term_and_the_rule(client, organisation):
    save(organisation, name="Жалобы — срочно", content_kinds=("complaint",), priority="urgent", internal_days=5)
    with at(dt.date(2026, 3, 2)):
        appeal = register(organisation, text=COMPLAINT)
        client.force_login(member(organisation, RoleCode.CONTROLLER))
        html = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert '<dd data-testid="priority">Срочный</dd>' in html
    assert '<dd data-testid="internal-due">07.03.2026</dd>' in html
    assert "Сработало правило маршрутизации «Жалобы — срочно»" in html


def test_double_submit_routes_once(organisation):
    save(organisation, name="Жалобы", content_kinds=("complaint",), priority="high")
    intake = appeal_intake(text=COMPLAINT)
    first = appeal_register(actor=None, organisation=organisation, intake=intake)
    second = appeal_register(actor=None, organisation=organisation, intake=intake)
    assert second.duplicate and second.appeal.pk == first.appeal.pk
    assert AppealEvent.objects.filter(kind="routed").count() == 1


def test_bad_texts_register_without_a_routing_error(organisation):
    save(organisation, name="Агрессия", moods=("aggressive",), priority="urgent")
    for text in ("<b>\x01\x02</b> Hello only latin text", "Жалоба на бездействие. " * 2_000):
        appeal = register(organisation, text=text)
        assert appeal.pk
        assert applied_rule(appeal) is None
