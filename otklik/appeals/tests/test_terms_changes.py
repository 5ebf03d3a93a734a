"""Extension once and within the limit, forwarding within 7 days, notices to the author."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from otklik.appeals.choices import AppealStatus, IntakeChannel, NoticeKind
from otklik.appeals.services import appeal_extend, appeal_forward, appeal_notice_send, appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
AUTHOR = {"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"}


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 11, 0, tzinfo=MSK), tick=False)


@pytest.fixture
def appeal(organisation):
    with at(dt.date(2026, 4, 1)):
        return appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(kind="appeal", channel=IntakeChannel.PORTAL, text="Текст", author=AUTHOR),
        ).appeal


@pytest.mark.django_db
def test_extension_once_by_at_most_30_days_with_a_notice(organisation, appeal, django_capture_on_commit_callbacks):
    controller = member(organisation, RoleCode.CONTROLLER)
    assert appeal.due_date == dt.date(2026, 4, 30)
    with pytest.raises(ApplicationError, match="от 1 до 30 дней"):
        appeal_extend(actor=controller, appeal=appeal, days=31, reason="Запрос в другой орган")
    with pytest.raises(ApplicationError, match="Укажите основание продления"):
        appeal_extend(actor=controller, appeal=appeal, days=30, reason=" ")
    with pytest.raises(PermissionDeniedError):
        appeal_extend(actor=member(organisation, RoleCode.EXECUTOR), appeal=appeal, days=30, reason="x")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        extended = appeal_extend(actor=controller, appeal=appeal, days=30, reason="Направлен запрос в Росприроднадзор")
    # 30.04.2026 + 30 days = Saturday 30.05.2026 -> Friday 29.05.2026
    assert extended.extended_due_date == dt.date(2026, 5, 29)
    assert extended.governing_due_date == dt.date(2026, 5, 29)
    notice = extended.notices.get()
    assert notice.kind == NoticeKind.EXTENSION and "продлён до 29.05.2026" in notice.text
    assert mail.outbox[0].to == ["petrova@example.org"] and "продлён до 29.05.2026" in mail.outbox[0].body
    with pytest.raises(ApplicationError, match="только один раз"):
        appeal_extend(actor=controller, appeal=appeal, days=5, reason="Ещё")


@pytest.mark.django_db
def test_a_request_is_deferred_by_at_most_15_days(organisation):
    controller = member(organisation, RoleCode.CONTROLLER)
    with at(dt.date(2026, 4, 1)):
        request = appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(
                kind="request", channel=IntakeChannel.PORTAL, text="Прошу предоставить реестр лицензий", author=AUTHOR
            ),
        ).appeal
    with pytest.raises(ApplicationError, match="от 1 до 15 дней"):
        appeal_extend(actor=controller, appeal=request, days=16, reason="Большой объём")
    deferred = appeal_extend(actor=controller, appeal=request, days=15, reason="Большой объём")
    assert deferred.notices.get().kind == NoticeKind.DEFERRAL
    assert deferred.extended_due_date == dt.date(2026, 5, 15)


@pytest.mark.django_db
def test_forwarding_closes_it_here_and_tells_the_author(organisation, appeal):
    registrar = member(organisation, RoleCode.REGISTRAR)
    assert appeal.forward_due_date == dt.date(2026, 4, 8)
    with pytest.raises(ApplicationError, match="Укажите орган"):
        appeal_forward(actor=registrar, appeal=appeal, to_body="", reason="вне компетенции")
    with at(dt.date(2026, 4, 10)):
        forwarded = appeal_forward(
            actor=registrar,
            appeal=appeal,
            to_body="Министерство природных ресурсов",
            reason="вопрос об охране лесов не относится к компетенции министерства",
        )
    assert forwarded.status == AppealStatus.FORWARDED
    assert forwarded.notices.get().kind == NoticeKind.FORWARDED
    assert "нарушением 7-дневного срока" in forwarded.events.get(kind="forwarded").text
    with pytest.raises(ApplicationError, match="только у обращения на рассмотрении"):
        appeal_extend(actor=member(organisation, RoleCode.CONTROLLER), appeal=forwarded, days=5, reason="x")


@pytest.mark.django_db
def test_essence_and_unreadable_notices_are_sent_once(organisation, appeal):
    registrar = member(organisation, RoleCode.REGISTRAR)
    notice = appeal_notice_send(actor=registrar, appeal=appeal, kind=NoticeKind.ESSENCE_UNDETERMINABLE)
    assert "Суть вашего обращения" in notice.text
    with pytest.raises(ApplicationError, match="уже направлено"):
        appeal_notice_send(actor=registrar, appeal=appeal, kind=NoticeKind.ESSENCE_UNDETERMINABLE)
    with pytest.raises(ApplicationError):
        appeal_notice_send(actor=registrar, appeal=appeal, kind=NoticeKind.EXTENSION)
