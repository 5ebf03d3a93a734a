"""Fixtures of the assignments room: a seeded organisation with a deputy head, executors, heads and an appeal."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from otklik.appeals.choices import IntakeChannel
from otklik.appeals.models import ClassifierNode
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UnitFactory, UserFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def at(year: int, month: int, day: int, hour: int = 11) -> time_machine.travel:
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=MSK), tick=False)


@pytest.fixture
def people(organisation):
    unit = UnitFactory(organisation=organisation, name="Отдел лицензирования")
    other_unit = UnitFactory(organisation=organisation, name="Отдел контроля")
    executor = member(
        organisation, RoleCode.EXECUTOR, user=UserFactory(username="exec", last_name="Исполнова"), unit=unit
    )
    executor.phone = "+7 (343) 000-00-00"
    executor.save()
    return {
        "unit": unit,
        "other_unit": other_unit,
        "head": member(organisation, RoleCode.HEAD, user=UserFactory(username="head", last_name="Главный")),
        "deputy": member(organisation, RoleCode.CC_DEPUTY_HEAD, user=UserFactory(username="deputy", last_name="Замов")),
        "deputy2": member(
            organisation, RoleCode.CC_DEPUTY_HEAD, user=UserFactory(username="deputy2", last_name="Второв")
        ),
        "executor": executor,
        "executor2": member(
            organisation, RoleCode.EXECUTOR, user=UserFactory(username="exec2", last_name="Контролёва"), unit=other_unit
        ),
        "unit_head": member(
            organisation, RoleCode.UNIT_HEAD, user=UserFactory(username="uhead", last_name="Начальникова"), unit=unit
        ),
        "registrar": member(organisation, RoleCode.REGISTRAR, user=UserFactory(username="reg", last_name="Регистрова")),
    }


def register(organisation, *, day: dt.date, text: str = "Прошу разъяснить порядок продления лицензии.", email=""):
    node, _ = ClassifierNode.objects.get_or_create(
        code="0003.0009.0099.0000",
        defaults={"name": "Лицензирование", "level": 3, "section_code": "0003", "edition": "t"},
    )
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=MSK), tick=False):
        return appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(
                kind="appeal",
                channel=IntakeChannel.PORTAL,
                text=text,
                author={"last_name": "Петрова", "first_name": "Анна", "email": email or "petrova@example.org"},
                questions=[{"classifier_code": node.code, "summary": "Продление лицензии"}],
            ),
        ).appeal


@pytest.fixture
def appeal(organisation):
    return register(organisation, day=dt.date(2026, 4, 20))  # due 20.05.2026
