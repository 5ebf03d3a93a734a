"""Repeated appeals found at registration (R-AP-7): «повторное», «неоднократное» with ground 5, and no false flags."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from otklik.appeals.choices import AnswerOutcome, IntakeChannel
from otklik.appeals.models import ClassifierNode
from otklik.appeals.services import (
    answer_approve,
    answer_draft,
    answer_send,
    answer_sign,
    appeal_register,
    appeal_take_on_control,
)
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, UnitFactory, UserFactory, member
from otklik.text.models import RepeatFinding, RepeatKind

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
PETROVA = {"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"}
IVANOV = {"last_name": "Иванов", "first_name": "Пётр", "email": "ivanov@example.org"}
GARBAGE = "0005.0005.0056.1122"  # ЖКХ … вывоз мусора
GARBAGE_SITES = "0005.0005.0056.1123"  # the same theme, another leaf
ROADS = "0003.0009.0099.0000"

FIRST = (
    "Прошу разъяснить, почему в нашем доме по улице Ленина, 5 уже третий месяц не вывозят мусор с контейнерной "
    "площадки. Управляющая компания на жалобы не отвечает."
)
SECOND = (
    "Повторно обращаюсь по поводу того, что с контейнерной площадки у дома 5 по улице Ленина не вывозят мусор. "
    "Управляющая компания ничего не делает."
)
THIRD = (
    "Снова прошу разобраться: мусор с контейнерной площадки у дома 5 по улице Ленина не вывозят, управляющая "
    "компания на жалобы не отвечает."
)
WITH_NEW_FACTS = (
    "Снова пишу о мусоре у дома 5 по улице Ленина: контейнерную площадку не убирают. Прилагаю фотографии и акт "
    "осмотра от 12 мая, составленный жилищной инспекцией; региональный оператор нарушил график."
)
ROAD = "Прошу сообщить, когда отремонтируют дорогу на улице Ленина: в асфальте ямы, машины ломаются."


def at(day: dt.date, hour: int = 11):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=MSK), tick=False)


@pytest.fixture
def staff(organisation):
    for code, name, level, section in (
        ("0005.0000.0000.0000", "Жилищно-коммунальная сфера", 1, "0005"),
        ("0005.0005.0000.0000", "Жилище", 2, "0005"),
        ("0005.0005.0056.0000", "Коммунальное хозяйство", 3, "0005"),
        (GARBAGE, "Вывоз мусора", 4, "0005"),
        (GARBAGE_SITES, "Контейнерные площадки", 4, "0005"),
        ("0003.0000.0000.0000", "Экономика", 1, "0003"),
        ("0003.0009.0000.0000", "Хозяйственная деятельность", 2, "0003"),
        (ROADS, "Дороги", 3, "0003"),
    ):
        ClassifierNode.objects.create(code=code, name=name, level=level, section_code=section, edition="t")
    unit = UnitFactory(organisation=organisation, name="Отдел ЖКХ")
    return {
        "registrar": member(organisation, RoleCode.REGISTRAR),
        "controller": member(organisation, RoleCode.CONTROLLER),
        "executor": member(organisation, RoleCode.EXECUTOR, user=UserFactory(phone="+7 000"), unit=unit),
        "unit_head": member(organisation, RoleCode.UNIT_HEAD, unit=unit),
        "head": member(organisation, RoleCode.HEAD),
    }


def register(organisation, registrar, day, text, code, author=PETROVA, **fields):
    with at(day):
        return appeal_register(
            actor=registrar,
            organisation=organisation,
            intake=appeal_intake(
                channel=IntakeChannel.POST, text=text, author=author, questions=[{"classifier_code": code}], **fields
            ),
        )


def answer_on_merits(staff, appeal, day):
    with at(day):
        appeal_take_on_control(actor=staff["controller"], appeal=appeal, executor=staff["executor"])
        draft = answer_draft(
            actor=staff["executor"],
            appeal=appeal,
            text="Вывоз мусора с площадки у дома 5 восстановлен, региональному оператору выдано предписание.",
            outcome=AnswerOutcome.SOLVED,
        )
        signed = answer_sign(actor=staff["head"], answer=answer_approve(actor=staff["unit_head"], answer=draft))
        answer_send(actor=staff["executor"], answer=signed)


def finding(appeal):
    return RepeatFinding.objects.filter(appeal=appeal).first()


@pytest.mark.django_db
def test_first_then_repeated_then_reiterated_after_two_answers(organisation, staff):
    registrar = staff["registrar"]
    first = register(organisation, registrar, dt.date(2026, 3, 2), FIRST, GARBAGE).appeal
    assert finding(first) is None

    second = register(organisation, registrar, dt.date(2026, 3, 16), SECOND, GARBAGE_SITES).appeal
    found = finding(second)
    assert found.kind == RepeatKind.REPEATED and found.get_kind_display() == "Повторное"
    assert list(found.earlier.all()) == [first]
    audit = AuditEntry.objects.get(action="appeal.repeat_found", object_id=str(second.pk))
    assert audit.after["kind"] == "repeated" and audit.after["earlier"] == [first.pk]

    answer_on_merits(staff, first, dt.date(2026, 3, 20))
    answer_on_merits(staff, second, dt.date(2026, 3, 27))
    third = register(organisation, registrar, dt.date(2026, 4, 6), THIRD, GARBAGE).appeal
    found = finding(third)
    assert found.kind == RepeatKind.REITERATED and found.get_kind_display() == "Неоднократное"
    assert set(found.earlier.all()) == {first, second}
    assert found.answers_on_merits == 2 and found.new_lemmas == []


@pytest.mark.django_db
def test_new_arguments_keep_it_only_repeated(organisation, staff):
    registrar = staff["registrar"]
    first = register(organisation, registrar, dt.date(2026, 3, 2), FIRST, GARBAGE).appeal
    second = register(organisation, registrar, dt.date(2026, 3, 16), SECOND, GARBAGE).appeal
    answer_on_merits(staff, first, dt.date(2026, 3, 20))
    answer_on_merits(staff, second, dt.date(2026, 3, 27))
    fourth = register(organisation, registrar, dt.date(2026, 4, 6), WITH_NEW_FACTS, GARBAGE).appeal
    found = finding(fourth)
    assert found.kind == RepeatKind.REPEATED
    assert "акт" in found.new_lemmas and "инспекция" in found.new_lemmas


@pytest.mark.django_db
def test_one_answer_is_not_enough_for_reiterated(organisation, staff):
    registrar = staff["registrar"]
    first = register(organisation, registrar, dt.date(2026, 3, 2), FIRST, GARBAGE).appeal
    answer_on_merits(staff, first, dt.date(2026, 3, 20))
    again = register(organisation, registrar, dt.date(2026, 4, 6), THIRD, GARBAGE).appeal
    assert finding(again).kind == RepeatKind.REPEATED


@pytest.mark.django_db
def test_no_flag_for_another_question_another_author_or_another_body(organisation, staff):
    registrar = staff["registrar"]
    register(organisation, registrar, dt.date(2026, 3, 2), FIRST, GARBAGE)
    other_question = register(organisation, registrar, dt.date(2026, 3, 10), ROAD, ROADS).appeal
    other_author = register(organisation, registrar, dt.date(2026, 3, 11), THIRD, GARBAGE, author=IVANOV).appeal
    elsewhere = OrganisationFactory(slug="other", name="Другое министерство")
    other_registrar = member(elsewhere, RoleCode.REGISTRAR)
    other_body = register(elsewhere, other_registrar, dt.date(2026, 3, 12), THIRD, GARBAGE).appeal
    assert finding(other_question) is None
    assert finding(other_author) is None
    assert finding(other_body) is None
    assert RepeatFinding.objects.count() == 0


@pytest.mark.django_db
def test_the_same_theme_with_an_unrelated_text_is_not_the_same_question(organisation, staff):
    registrar = staff["registrar"]
    register(organisation, registrar, dt.date(2026, 3, 2), FIRST, GARBAGE)
    heating = "В квартире 12 дома 7 на улице Мира холодные батареи, температура 15 градусов, отопление не работает."
    unrelated = register(organisation, registrar, dt.date(2026, 3, 10), heating, GARBAGE).appeal
    assert finding(unrelated) is None


@pytest.mark.django_db
def test_a_double_submit_stores_one_finding(organisation, staff):
    registrar = staff["registrar"]
    register(organisation, registrar, dt.date(2026, 3, 2), FIRST, GARBAGE)
    once = register(organisation, registrar, dt.date(2026, 3, 16), SECOND, GARBAGE, submission_key="k-1")
    twice = register(organisation, registrar, dt.date(2026, 3, 16), SECOND, GARBAGE, submission_key="k-1")
    assert twice.duplicate and twice.appeal == once.appeal
    assert RepeatFinding.objects.count() == 1
    assert AuditEntry.objects.filter(action="appeal.repeat_found").count() == 1
