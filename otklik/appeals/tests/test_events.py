"""Timeline events: each writes its event and its audit row together; the text is rendered when read, in any language."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import translation

from otklik.appeals import events
from otklik.appeals.choices import AppealEventKind, AppealStatus, IntakeChannel, NoticeKind
from otklik.appeals.models import AppealEvent, ClassifierNode
from otklik.appeals.services import (
    answer_approve,
    answer_draft,
    answer_rate,
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
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UserFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def at(day: dt.date, hour: int = 11):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=MSK), tick=False)


@pytest.fixture
def walked(organisation):
    """An appeal taken from registration to the author's rating through every service that writes an event."""
    ClassifierNode.objects.create(
        code="0003.0009.0099.0001", name="Лицензирование заготовки лома", level=4, section_code="0003", edition="t"
    )
    registrar = member(organisation, RoleCode.REGISTRAR)
    controller = member(organisation, RoleCode.CONTROLLER, user=UserFactory(last_name="Контролёва", first_name="Анна"))
    head = member(organisation, RoleCode.HEAD)
    executor = member(organisation, RoleCode.EXECUTOR, user=UserFactory(last_name="Исполнова", first_name="Вера"))
    executor.phone = "+7 (8722) 67-00-00"
    executor.save()
    with at(dt.date(2025, 3, 3)):
        appeal = appeal_register(
            actor=registrar,
            organisation=organisation,
            intake=appeal_intake(
                kind="appeal",
                channel=IntakeChannel.POST,
                text="Прошу разъяснить порядок лицензирования заготовки лома.",
                author={"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"},
            ),
        ).appeal
    with at(dt.date(2025, 3, 5)):
        appeal_notice_send(actor=registrar, appeal=appeal, kind=NoticeKind.UNREADABLE, explanation="Копия нечитаема.")
        appeal_extend(actor=controller, appeal=appeal, days=10, reason="Запрошены материалы.")
        question_add(actor=registrar, appeal=appeal, classifier_code="0003.0009.0099.0001")
        appeal_take_on_control(actor=controller, appeal=appeal, executor=executor)
        question_result_set(actor=executor, question=appeal.questions.get(), result="explained")
        answer = answer_draft(actor=executor, appeal=appeal, text="Разъясняем…", outcome="solved")
        answer = answer_sign(actor=head, answer=answer_approve(actor=controller, answer=answer))
        answer_send(actor=executor, answer=answer)
        appeal_close(actor=controller, appeal=appeal)
        rating = answer_rate(appeal=appeal, score=5)
    return appeal, rating


@pytest.mark.django_db
def test_every_event_writes_its_audit_row_under_the_old_action_names(walked):
    appeal, rating = walked
    kinds = list(appeal.events.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        AppealEventKind.REGISTERED,
        AppealEventKind.NOTICE_SENT,
        AppealEventKind.EXTENDED,
        AppealEventKind.QUESTION_ADDED,
        AppealEventKind.PUT_ON_CONTROL,
        AppealEventKind.QUESTION_RESULT_SET,
        AppealEventKind.ANSWER_DRAFTED,
        AppealEventKind.ANSWER_APPROVED,
        AppealEventKind.ANSWER_SIGNED,
        AppealEventKind.ANSWER_SENT,
        AppealEventKind.CLOSED,
        AppealEventKind.ANSWER_RATED,
    ]
    changes = AuditEntry.objects.filter(object_type="appeals.appeal", object_id=str(appeal.pk)).order_by("id")
    assert [entry.action for entry in changes] == [
        "appeal.registered",
        "appeal.notice.unreadable",
        "appeal.extended",
        "appeal.question_added",
        "appeal.on_control",
        "appeal.question_result",
        "appeal.answer_drafted",
        "appeal.answer_approved",
        "appeal.answer_signed",
        "appeal.answer_sent",
        "appeal.closed",
    ]
    extended = changes.get(action="appeal.extended")
    assert extended.before == {"due_date": "2025-04-02"}
    assert extended.after == {"extended_due_date": "2025-04-11", "days": 10, "reason": "Запрошены материалы."}
    rated = AuditEntry.objects.get(action="appeal.answer_rated")
    assert (rated.object_id, rated.after) == (str(rating.pk), {"appeal": appeal.pk, "score": 5})
    assert not AppealEvent.objects.exclude(legacy_text="").exists()


@pytest.mark.django_db
def test_the_texts_are_the_sentences_staff_have_always_read(walked):
    appeal, _rating = walked
    texts = [event.text for event in appeal.events.order_by("id")]
    n = appeal.number
    assert texts == [
        f"Зарегистрировано № {n}, канал: Почта",
        f"Текст вашего обращения № {n} от 03.03.2025 не поддаётся прочтению, поэтому ответ на него не даётся. "
        "Копия нечитаема.",
        f"Срок рассмотрения вашего обращения № {n} от 03.03.2025 продлён до 11.04.2025. Основание: Запрошены материалы.",
        "Вопрос 1: 0003.0009.0099.0001 Лицензирование заготовки лома",
        "Поставлено на контроль; исполнитель: Исполнова Вера Петровна",
        "Вопрос 1: Разъяснено",
        "Подготовлен проект: Ответ по существу",
        "Проект ответа согласован",
        "Ответ подписан, исх. № 1-исх/25 от 05.03.2025",
        "Ответ исх. № 1-исх/25 направлен: Электронная почта",
        "Рассмотрение завершено",
        "Автор оценил ответ: 5 из 5",
    ]


@pytest.mark.django_db
def test_the_same_events_read_in_english(walked):
    appeal, _rating = walked
    with translation.override("en"):
        texts = [event.text for event in appeal.events.order_by("id")]
    assert texts[0] == f"Registered No. {appeal.number}, channel: Post"
    assert texts[4].startswith("Placed under control; executor: ")
    assert texts[5] == "Question 1: Explained"
    assert texts[6] == "Draft prepared: Reply on the merits"
    assert texts[-1] == "The author rated the reply: 5 out of 5"


@pytest.mark.django_db
def test_the_english_card_shows_an_english_history(client, organisation, walked):
    appeal, _rating = walked
    client.force_login(member(organisation, RoleCode.HEAD))
    with at(dt.date(2025, 3, 6)):
        english = client.get(f"/staff/appeals/{appeal.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        russian = client.get(f"/staff/appeals/{appeal.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Review history" in english
    assert f"Registered No. {appeal.number}, channel: Post" in english
    assert "The author rated the reply: 5 out of 5" in english
    assert "Зарегистрировано №" not in english
    assert f"Зарегистрировано № {appeal.number}, канал: Почта" in russian


@pytest.mark.django_db
def test_a_late_forwarding_says_so_in_its_text(organisation):
    registrar = member(organisation, RoleCode.REGISTRAR)
    with at(dt.date(2025, 3, 3)):
        appeal = appeal_register(
            actor=registrar,
            organisation=organisation,
            intake=appeal_intake(
                kind="request",
                channel=IntakeChannel.POST,
                text="Прошу сообщить график приёма.",
                author={"last_name": "Петрова", "first_name": "Анна", "postal_address": "367000, Махачкала"},
            ),
        ).appeal
    with at(dt.date(2025, 3, 20)):
        appeal_forward(actor=registrar, appeal=appeal, to_body="Минздрав", reason="вопрос о лекарствах")
    event = appeal.events.get(kind=AppealEventKind.FORWARDED)
    assert event.params["late"] is True and event.params["appeal_kind"] == "request"
    assert event.text == (
        f"Ваш запрос № {appeal.number} от 03.03.2025 переадресован в Минздрав, так как вопрос о лекарствах. "
        "Ответ вам направит этот орган. Переадресовано с нарушением 7-дневного срока."
    )
    with translation.override("en"):
        assert event.text.endswith(" Forwarded after the 7-day deadline.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FORWARDED and event.params["to_body"] == "Минздрав"


@pytest.mark.django_db
def test_a_legacy_row_keeps_its_text_and_an_odd_one_is_named(organisation, walked):
    appeal, _rating = walked
    legacy = AppealEvent(appeal=appeal, kind="extended", legacy_text="Срок продлён (перенесено из старой системы)")
    assert events.render(legacy) == "Срок продлён (перенесено из старой системы)"
    broken = AppealEvent(appeal=appeal, kind=AppealEventKind.ANSWER_SENT, params={"answer": 1})
    assert broken.text == "Ответ направлен"
    with translation.override("en"):
        assert AppealEvent(appeal=appeal, kind="mystery", params={}).text == "mystery"
