"""The daily sweep reminds the authorised person before the 10-working-day term ends and when it has passed."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from otklik.core.sweeps import run_sweeps
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member
from otklik.touchpoints.choices import ChangeKind
from otklik.touchpoints.services import registry_change_approve, registry_change_propose

from .factories import approved_registry, touchpoint

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def _at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=MSK), tick=False)


@pytest.mark.django_db
def test_reminder_then_overdue_notice_each_sent_once(organisation, django_capture_on_commit_callbacks, client):
    approved_registry(organisation)
    keeper = member(organisation, RoleCode.REGISTRY_KEEPER)
    keeper.email = "keeper@minprom.example.ru"
    keeper.save()
    employee = member(organisation, RoleCode.EXECUTOR)
    with _at(dt.date(2026, 4, 28)), django_capture_on_commit_callbacks(execute=True):
        change = registry_change_propose(
            actor=employee,
            organisation=organisation,
            kind=ChangeKind.INCLUDE,
            data=touchpoint(name="Чат-бот", channel_type="chatbot", address="https://t.me/minprom_bot"),
            process=organisation.processes.get(name="Информирование"),
        )
        version = registry_change_approve(actor=keeper, change=change)
    assert version.publish_due == dt.date(2026, 5, 14)
    mail.outbox.clear()

    def sweep_on(day: dt.date) -> list[str]:
        with _at(day), django_capture_on_commit_callbacks(execute=True):
            run_sweeps()
        subjects = [message.subject for message in mail.outbox]
        mail.outbox.clear()
        return subjects

    assert sweep_on(dt.date(2026, 5, 8)) == []  # 3 working days left (12, 13, 14 May): too early
    assert sweep_on(dt.date(2026, 5, 12)) == ["Опубликуйте версию 2 перечня до 14.05.2026"]
    assert sweep_on(dt.date(2026, 5, 13)) == []  # already reminded
    assert sweep_on(dt.date(2026, 5, 14)) == []  # the last day is still on time
    assert sweep_on(dt.date(2026, 5, 15)) == ["Просрочена публикация версии 2 перечня"]
    assert sweep_on(dt.date(2026, 5, 18)) == []  # told once

    client.force_login(keeper)
    with _at(dt.date(2026, 5, 18)):
        html = client.get("/staff/").content.decode()
    assert "Версия 2: опубликовать до 14.05.2026" in html
    assert "срок публикации истёк" in html
