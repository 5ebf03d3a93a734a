"""Breach notices: the deputy head for client-centricity hears once per breach and period, nobody else, never twice."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from otklik.channels.kpi_services import kpi_breach_sweep
from otklik.channels.kpi_sweeps import cc_kpi_breaches
from otklik.channels.models import KpiBreachNotice
from otklik.core.models import AuditEntry
from otklik.core.sweeps import registered_sweeps
from otklik.notifications.models import OutgoingMessage, Transport
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .kpi_factories import KHV, call, cc_body, cc_operator, deputy, phone_line

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=KHV)


def letters():
    return OutgoingMessage.objects.filter(transport=Transport.EMAIL)


def test_three_lost_calls_on_a_day_are_told_once_for_the_day_the_week_and_the_month():
    body = cc_body()
    line = phone_line(body)
    boss = deputy(body)
    cc_operator(body)
    member(body, RoleCode.HEAD)  # the head reads the board; the notice goes to the deputy
    for hour in (9, 10, 11):
        call(line, at(3, hour), outcome="lost")  # Tuesday 3 March: 3 > 2 lost calls

    # Wednesday morning (local): yesterday is complete, the week and March are not
    assert kpi_breach_sweep(now=at(4, 9)) == {"checked": 3, "notified": 1}
    sent = list(letters())
    assert [letter.to for letter in sent] == [boss.email]
    assert "«Линия по государственным услугам»" in sent[0].subject
    assert "день 03.03.2026" in sent[0].subject
    assert "потерянных звонков за день больше нормы" in sent[0].body
    assert "/staff/channels/contact-centre/kpi/?period=day&day=2026-03-03" in sent[0].body

    # later runs the same day tell nothing again
    assert kpi_breach_sweep(now=at(4, 15))["notified"] == 0
    assert letters().count() == 1

    # Monday 9 March: the week 2–8 March is complete and is told once
    assert kpi_breach_sweep(now=at(9, 9))["notified"] == 1
    assert kpi_breach_sweep(now=at(9, 10))["notified"] == 0
    assert letters().count() == 2
    notices = KpiBreachNotice.objects.order_by("period")
    assert [(n.period, n.period_start, n.threshold) for n in notices] == [
        ("day", dt.date(2026, 3, 3), "lost_calls_max_per_day"),
        ("week", dt.date(2026, 3, 2), "lost_calls_max_per_day"),
    ]
    assert AuditEntry.objects.filter(action="cc_kpi.breach_notified").count() == 2


def test_a_new_breach_in_an_already_told_period_is_told_alone():
    body = cc_body()
    line = phone_line(body)
    deputy(body)
    for hour in (9, 10, 11):
        call(line, at(3, hour), outcome="lost")
    kpi_breach_sweep(now=at(4, 9))
    # a late import adds a long wait on the 3rd
    call(line, at(3, 16), wait_seconds=600)
    # (its 600 s wait also lifts the average handling time of the day's only answered call over 420 s)
    assert kpi_breach_sweep(now=at(4, 12))["notified"] == 2
    assert letters().count() == 2
    last = letters().order_by("-pk").first()
    assert "ожидание в очереди дольше нормы" in last.body
    assert "среднее время обработки дольше нормы" in last.body
    assert "потерянных звонков" not in last.body


def test_kept_norms_and_unset_thresholds_tell_nothing_and_the_sweep_is_registered():
    body = cc_body()
    deputy(body)
    phone_line(body)
    bare = phone_line(body, code="hotline", lost_calls_max_per_day=None, queue_wait_max_seconds=None)
    for hour in (9, 10, 11, 12):
        call(bare, at(3, hour), outcome="lost", wait_seconds=900)
    assert registered_sweeps()["channels-cc-kpi-breaches"] is cc_kpi_breaches
    with CaptureQueriesContext(connection) as queries:
        assert cc_kpi_breaches(at(4, 9)) == {"checked": 6, "notified": 0}
    assert len(queries) < 30
    assert not letters().exists()
    assert not KpiBreachNotice.objects.exists()
