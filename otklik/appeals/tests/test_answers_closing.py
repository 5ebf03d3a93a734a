"""Consideration: on control, question results, answer draft → approval → signature → sending, and closing."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from otklik.appeals.choices import AnswerKind, AnswerOutcome, AppealStatus, DeliveryChannel, IntakeChannel, TypedGround
from otklik.appeals.models import AnswerTemplate, ClassifierNode
from otklik.appeals.services import (
    answer_approve,
    answer_draft,
    answer_send,
    answer_sign,
    appeal_close,
    appeal_register,
    appeal_take_on_control,
    question_result_set,
)
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UnitFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


@pytest.fixture
def people(organisation):
    unit = UnitFactory(organisation=organisation)  # the executor's: put on control, the appeal is this unit's
    executor = member(organisation, RoleCode.EXECUTOR, unit=unit)
    executor.phone, executor.email = "+7 (8722) 67-00-00", "ivanova@minprom.example.ru"
    executor.save()
    return {
        "controller": member(organisation, RoleCode.CONTROLLER),
        "executor": executor,
        "head": member(organisation, RoleCode.HEAD),
        "unit_head": member(organisation, RoleCode.UNIT_HEAD, unit=unit),
    }


@pytest.fixture
def appeal(organisation):
    node = ClassifierNode.objects.create(
        code="0003.0009.0099.0000", name="Лицензирование", level=3, section_code="0003", edition="t"
    )
    with time_machine.travel(dt.datetime(2026, 4, 1, 11, tzinfo=MSK), tick=False):
        return appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(
                kind="appeal",
                channel=IntakeChannel.PORTAL,
                text="Прошу разъяснить порядок продления лицензии на заготовку лома.",
                author={"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"},
                questions=[{"classifier_code": node.code, "summary": "Продление лицензии"}],
            ),
        ).appeal


@pytest.mark.django_db(transaction=True)
def test_from_control_to_closing_with_the_answer_received_by_smtp(organisation, appeal, people, smtp_server):
    controller, executor, head = people["controller"], people["executor"], people["head"]
    appeal_take_on_control(actor=controller, appeal=appeal, executor=executor)
    with pytest.raises(ApplicationError, match="Укажите итог"):
        answer_draft(actor=executor, appeal=appeal, text="Сообщаем…")
    answer = answer_draft(
        actor=executor, appeal=appeal, text="Разъясняем порядок продления лицензии…", outcome=AnswerOutcome.SOLVED
    )
    assert answer.delivery == DeliveryChannel.PORTAL
    assert answer.executor_mark == f"{executor.full_name}, +7 (8722) 67-00-00, ivanova@minprom.example.ru"
    with pytest.raises(ApplicationError, match="только согласованный"):
        answer_sign(actor=head, answer=answer)
    answer = answer_approve(actor=people["unit_head"], answer=answer)
    with pytest.raises(PermissionDeniedError):
        answer_sign(actor=executor, answer=answer)
    with time_machine.travel(dt.datetime(2026, 4, 20, 15, tzinfo=MSK), tick=False):
        answer = answer_sign(actor=head, answer=answer)
    assert answer.outgoing_number == "1-исх/26" and answer.outgoing_date == dt.date(2026, 4, 20)
    with pytest.raises(ApplicationError, match="Ответ по существу ещё не направлен"):
        appeal_close(actor=controller, appeal=appeal)
    answer_send(actor=executor, answer=answer)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED
    received = [m for m in smtp_server if "ответ на обращение" in m["Subject"]]
    assert len(received) == 1 and "исх. № 1-исх/26" in received[0]["Subject"]
    assert "Исполнитель: " in received[0].get_content()

    with pytest.raises(ApplicationError, match="Нет результата по вопросам: 1"):
        appeal_close(actor=controller, appeal=appeal)
    question_result_set(actor=executor, question=appeal.questions.get(), result="explained")
    with pytest.raises(PermissionDeniedError, match="поставившее обращение на контроль"):
        appeal_close(actor=head, appeal=appeal)
    closed = appeal_close(actor=controller, appeal=appeal)
    assert closed.status == AppealStatus.CLOSED and closed.closed_at is not None
    kinds = list(closed.events.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        "registered",
        "on_control",
        "answer_drafted",
        "answer_approved",
        "answer_signed",
        "answer_sent",
        "question_result",
        "closed",
    ]


@pytest.mark.django_db
def test_an_interim_answer_never_closes(organisation, appeal, people):
    appeal_take_on_control(actor=people["controller"], appeal=appeal, executor=people["executor"])
    question_result_set(actor=people["executor"], question=appeal.questions.get(), result="explained")
    interim = answer_draft(
        actor=people["executor"],
        appeal=appeal,
        kind=AnswerKind.INTERIM,
        text="Ваше обращение рассматривается, запрошены сведения.",
    )
    interim = answer_sign(actor=people["head"], answer=answer_approve(actor=people["unit_head"], answer=interim))
    answer_send(actor=people["executor"], answer=interim)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.IN_WORK
    with pytest.raises(ApplicationError, match="Промежуточный ответ или запрос информации не завершают"):
        appeal_close(actor=people["controller"], appeal=appeal)


@pytest.mark.django_db
def test_typed_answer_uses_the_editable_template(organisation, appeal, people):
    appeal_take_on_control(actor=people["controller"], appeal=appeal, executor=people["executor"])
    default = answer_draft(
        actor=people["executor"], appeal=appeal, kind=AnswerKind.TYPED, typed_ground=TypedGround.UNREADABLE
    )
    assert f"№ {appeal.number} от 01.04.2026 не поддаётся прочтению" in default.text
    AnswerTemplate.objects.create(
        organisation=organisation,
        ground=TypedGround.PUBLISHED,
        text="Ответ на ваш вопрос (№ {number}) опубликован на сайте {organisation}.",
    )
    own = answer_draft(
        actor=people["executor"], appeal=appeal, kind=AnswerKind.TYPED, typed_ground=TypedGround.PUBLISHED
    )
    assert own.text == f"Ответ на ваш вопрос (№ {appeal.number}) опубликован на сайте Тестовое министерство."


@pytest.mark.django_db
def test_for_official_use_goes_only_by_registered_post(organisation, people):
    registrar = member(organisation, RoleCode.REGISTRAR)
    appeal = appeal_register(
        actor=registrar,
        organisation=organisation,
        intake=appeal_intake(
            kind="appeal",
            channel=IntakeChannel.POST,
            text="…",
            author={
                "last_name": "Иванов",
                "first_name": "Олег",
                "postal_address": "367000, Махачкала",
                "email": "ivanov@example.org",
            },
            for_official_use=True,
        ),
    ).appeal
    appeal_take_on_control(actor=people["controller"], appeal=appeal, executor=people["executor"])
    with pytest.raises(ApplicationError, match="только заказным письмом"):
        answer_draft(
            actor=people["executor"],
            appeal=appeal,
            text="…",
            outcome=AnswerOutcome.SOLVED,
            delivery=DeliveryChannel.EMAIL,
        )
    answer = answer_draft(actor=people["executor"], appeal=appeal, text="…", outcome=AnswerOutcome.SOLVED)
    assert answer.delivery == DeliveryChannel.REGISTERED_POST


@pytest.mark.django_db
def test_the_executor_mark_needs_phone_and_email(organisation, appeal, people):
    bare = member(organisation, RoleCode.EXECUTOR)
    bare.phone = ""
    bare.save()
    appeal_take_on_control(actor=people["controller"], appeal=appeal, executor=bare)
    with pytest.raises(ApplicationError, match="нужны ФИО, телефон и электронная почта"):
        answer_draft(
            actor=bare, appeal=appeal, text="…", outcome=AnswerOutcome.WILL_BE_SOLVED, solve_by=dt.date(2026, 6, 1)
        )


@pytest.mark.django_db
def test_questions_are_added_by_classifier_code_once(organisation, appeal, people):
    from otklik.appeals.services import question_add

    other = ClassifierNode.objects.create(
        code="0003.0009.0099.0001", name="Продление лицензии", level=4, section_code="0003", edition="t"
    )
    appeal_take_on_control(actor=people["controller"], appeal=appeal, executor=people["executor"])
    question = question_add(actor=people["executor"], appeal=appeal, classifier_code=other.code, summary="Сроки")
    assert question.position == 2
    with pytest.raises(ApplicationError, match="уже есть"):
        question_add(actor=people["executor"], appeal=appeal, classifier_code=other.code)
    with pytest.raises(ApplicationError, match="Нет такой темы"):
        question_add(actor=people["executor"], appeal=appeal, classifier_code="0000.0000.0000.0001")
