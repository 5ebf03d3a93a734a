"""The workflow table and its checks: what the card offers is exactly what the services allow, role by role."""

import datetime as dt
import zoneinfo
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.db import transaction

from otklik.appeals import closing_checks, workflow
from otklik.appeals.choices import AnswerOutcome, AnswerStatus, AppealStatus, IntakeChannel
from otklik.appeals.models import Answer, Appeal, ClassifierNode
from otklik.appeals.selectors import may_see
from otklik.appeals.services import (
    answer_approve,
    answer_draft,
    answer_send,
    answer_sign,
    appeal_close,
    appeal_extend,
    appeal_forward,
    appeal_notice_send,
    appeal_register,
    appeal_take_on_control,
    question_add,
    question_result_set,
)
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UnitFactory, UserFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
ROLES = [RoleCode.REGISTRAR, RoleCode.EXECUTOR, RoleCode.CONTROLLER, RoleCode.HEAD, RoleCode.UNIT_HEAD,
         RoleCode.CC_OPERATOR, RoleCode.REGISTRY_KEEPER, RoleCode.INTERNAL_CLIENT]  # fmt: skip


class Rollback(Exception):
    pass


def succeeds(call: Callable[[], object]) -> bool:
    """Whether the service accepts the call; whatever it wrote is rolled back."""
    try:
        with transaction.atomic():
            call()
            raise Rollback
    except Rollback:
        return True
    except ApplicationError:
        return False


@pytest.fixture
def node(db):
    return ClassifierNode.objects.create(
        code="0003.0009.0099.0001", name="Лицензирование заготовки лома", level=4, section_code="0003", edition="t"
    )


@pytest.fixture
def unit(organisation):
    return UnitFactory(organisation=organisation)


@pytest.fixture
def people(organisation, unit):
    # The unit head heads the appeal's unit (see `appeal`): need-to-know shows it the appeal; the others' roles
    # give them no part in it, and the card is refused to them (404) exactly as the services refuse them.
    people = {role: member(organisation, role, unit=unit if role == RoleCode.UNIT_HEAD else None) for role in ROLES}
    people["assigned"] = member(organisation, RoleCode.INTERNAL_CLIENT)  # made the executor below, holds no role
    for user in people.values():
        user.phone = "+7 (8722) 67-00-00"
        user.save()
    return people


@pytest.fixture
def appeal(organisation, node, unit):
    with time_machine.travel(dt.datetime(2026, 4, 1, 11, tzinfo=MSK), tick=False):
        appeal = appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(
                kind="appeal",
                channel=IntakeChannel.PORTAL,
                text="Прошу разъяснить порядок продления лицензии.",
                author={"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"},
                questions=[{"classifier_code": "", "summary": "Продление лицензии"}],
            ),
        ).appeal
    Appeal.objects.filter(pk=appeal.pk).update(unit=unit)
    return Appeal.objects.get(pk=appeal.pk)


def card_offers(can: Callable[..., bool], user, subject) -> bool:
    """What the card offers: nothing to one it refuses (see selectors.visibility), else what the check says."""
    appeal = getattr(subject, "appeal", subject)
    return may_see(user, appeal) and can(user, subject)


APPEAL_ACTIONS = {
    "extend": (workflow.can_extend, lambda u, a, p, n: appeal_extend(actor=u, appeal=a, days=5, reason="Запрос")),
    "forward": (workflow.can_forward, lambda u, a, p, n: appeal_forward(actor=u, appeal=a, to_body="Орган", reason="x")),
    "send_notice": (
        workflow.can_send_notice,
        lambda u, a, p, n: appeal_notice_send(actor=u, appeal=a, kind="unreadable"),
    ),
    "take_on_control": (
        workflow.can_take_on_control,
        lambda u, a, p, n: appeal_take_on_control(actor=u, appeal=a, executor=p["assigned"]),
    ),
    "add_question": (workflow.can_add_question, lambda u, a, p, n: question_add(actor=u, appeal=a, classifier_code=n.code)),
    "set_results": (
        workflow.can_set_results,
        lambda u, a, p, n: question_result_set(actor=u, question=a.questions.get(), result="explained"),
    ),
    "draft_answer": (
        workflow.can_draft_answer,
        lambda u, a, p, n: answer_draft(actor=u, appeal=a, text="Разъясняем…", outcome=AnswerOutcome.SOLVED),
    ),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [AppealStatus.REGISTERED, AppealStatus.IN_WORK, AppealStatus.ANSWERED, AppealStatus.FORWARDED,
               AppealStatus.CLOSED]
)  # fmt: skip
def test_the_card_offers_an_action_exactly_when_the_service_accepts_it(organisation, appeal, people, node, status):
    Appeal.objects.filter(pk=appeal.pk).update(status=status, executor=people["assigned"])
    appeal = Appeal.objects.select_related("organisation").get(pk=appeal.pk)
    offered_somewhere = set()
    for name, (can, call) in APPEAL_ACTIONS.items():
        for who, user in people.items():
            offered = card_offers(can, user, appeal)
            assert offered == succeeds(lambda: call(user, appeal, people, node)), (name, who, status)  # noqa: B023
            if offered:
                offered_somewhere.add(name)
            assert (may_see(user, appeal) and workflow.allowed_actions(user, appeal)[name]) == offered
    # the matrix is not empty by accident: someone may do each action while the appeal is open
    if status in workflow.OPEN_STATES:
        assert offered_somewhere == set(APPEAL_ACTIONS)
    elif status == AppealStatus.ANSWERED:
        assert offered_somewhere == {"set_results"}
    else:
        assert offered_somewhere == set()


@pytest.mark.django_db
def test_answer_steps_are_offered_exactly_when_the_service_accepts_them(organisation, appeal, people):
    head = people[RoleCode.HEAD]
    appeal_take_on_control(actor=people[RoleCode.CONTROLLER], appeal=appeal, executor=people["assigned"])
    answers = {
        AnswerStatus.DRAFT: answer_draft(actor=people["assigned"], appeal=appeal, text="Проект", outcome="solved")
    }
    answers[AnswerStatus.APPROVED] = answer_approve(
        actor=head, answer=answer_draft(actor=head, appeal=appeal, text="Второй", outcome="solved")
    )
    answers[AnswerStatus.SIGNED] = answer_sign(
        actor=head,
        answer=answer_approve(actor=head, answer=answer_draft(actor=head, appeal=appeal, text="Третий", outcome="solved")),
    )  # fmt: skip
    steps = {
        "approve": (workflow.can_approve_answer, answer_approve),
        "sign": (workflow.can_sign_answer, answer_sign),
        "send": (workflow.can_send_answer, answer_send),
    }
    for status, answer in answers.items():
        answer = Answer.objects.select_related("appeal__organisation").get(pk=answer.pk)
        for step, (can, service) in steps.items():
            for who, user in people.items():
                offered = card_offers(can, user, answer)
                assert offered == succeeds(lambda: service(actor=user, answer=answer)), (status, step, who)  # noqa: B023
                assert (may_see(user, appeal) and workflow.answer_actions(user, answer)[step]) == offered
    answer_send(actor=people["assigned"], answer=answers[AnswerStatus.SIGNED])
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED


@pytest.mark.django_db
def test_a_signed_answer_is_not_sent_once_the_appeal_is_forwarded(organisation, appeal, people):
    head = people[RoleCode.HEAD]
    answer = answer_draft(actor=head, appeal=appeal, text="Ответ", outcome="solved")
    answer = answer_sign(actor=head, answer=answer_approve(actor=head, answer=answer))
    appeal_forward(actor=head, appeal=appeal, to_body="Минздрав", reason="вопрос о лекарствах")
    answer.refresh_from_db()
    assert not workflow.can_send_answer(head, answer)
    with pytest.raises(ApplicationError, match="ответ больше не направляется"):
        answer_send(actor=head, answer=answer)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FORWARDED


@pytest.mark.django_db
def test_close_is_offered_to_the_controller_of_an_answered_appeal_only(organisation, appeal, people):
    controller, head = people[RoleCode.CONTROLLER], people[RoleCode.HEAD]
    appeal_take_on_control(actor=controller, appeal=appeal, executor=people["assigned"])
    appeal.refresh_from_db()
    assert not workflow.can_close(controller, appeal)
    answer = answer_draft(actor=head, appeal=appeal, text="Ответ", outcome="solved")
    answer_send(actor=controller, answer=answer_sign(actor=head, answer=answer_approve(actor=head, answer=answer)))
    question_result_set(actor=controller, question=appeal.questions.get(), result="explained")
    appeal.refresh_from_db()
    for who, user in people.items():
        offered = workflow.can_close(user, appeal)
        assert offered == (who == RoleCode.CONTROLLER)
        assert offered == succeeds(lambda: appeal_close(actor=user, appeal=appeal)), who  # noqa: B023


@pytest.mark.django_db
def test_a_registered_closing_check_refuses_with_its_own_message(organisation, appeal, people, monkeypatch):
    controller, head = people[RoleCode.CONTROLLER], people[RoleCode.HEAD]
    appeal_take_on_control(actor=controller, appeal=appeal, executor=controller)
    answer = answer_draft(actor=controller, appeal=appeal, text="Ответ", outcome="solved")
    answer_send(actor=controller, answer=answer_sign(actor=head, answer=answer_approve(actor=head, answer=answer)))
    question_result_set(actor=controller, question=appeal.questions.get(), result="explained")
    monkeypatch.setattr(closing_checks, "_CHECKS", list(closing_checks._CHECKS))
    closing_checks.register_closing_check(lambda a: "Не закрыт протокол приёма." if a.pk == appeal.pk else None)
    with pytest.raises(ApplicationError, match="Не закрыт протокол приёма."):
        appeal_close(actor=controller, appeal=appeal)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED


def test_the_assignments_room_registers_its_closing_check_and_appeals_never_imports_it():
    from otklik.assignments.appeal_checks import open_assignments_refusal

    assert open_assignments_refusal in closing_checks._CHECKS
    appeals = Path(workflow.__file__).parent
    sources = [p for p in appeals.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    assert [p.name for p in sources if "otklik.assignments" in p.read_text(encoding="utf-8")] == []


def test_the_tables_name_only_real_states():
    assert set(workflow.OPEN_STATES) <= set(AppealStatus.values)
    for table in workflow.APPEAL_TRANSITIONS.values():
        assert set(table) | set(table.values()) <= set(AppealStatus.values)
    for table in workflow.ANSWER_TRANSITIONS.values():
        assert set(table) | set(table.values()) <= set(AnswerStatus.values)
    assert workflow.next_status("forward", AppealStatus.IN_WORK) == AppealStatus.FORWARDED
    with pytest.raises(KeyError):
        workflow.next_status("close", AppealStatus.IN_WORK)


@pytest.mark.django_db
def test_an_anonymous_visitor_is_offered_nothing(appeal):
    from django.contrib.auth.models import AnonymousUser

    assert not any(workflow.allowed_actions(AnonymousUser(), appeal).values())
    assert not workflow.can_register(AnonymousUser(), appeal.organisation)
    assert not workflow.can_close(UserFactory(), appeal)
