"""The inbox timers: the 75 % warning and the breach notice, each once, to the operators and the deputy head."""

import datetime as dt

import pytest
import time_machine

from otklik.channels.inbox_selectors import inbox_month_figures
from otklik.channels.inbox_services import inbox_item_answer, inbox_timers_sweep
from otklik.channels.inbox_sweeps import inbox_timers
from otklik.core.sweeps import registered_sweeps
from otklik.notifications.models import OutgoingMessage, Transport
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .inbox_factories import MSK, deputy, inbox_item, operator, social_body, vk_account

pytestmark = pytest.mark.django_db


def _at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, 3, hour, minute, tzinfo=MSK)


def test_warning_at_75_percent_and_breach_at_the_due_time_each_once_to_the_right_people():
    organisation = social_body()
    user = operator(organisation)
    boss = deputy(organisation)
    member(organisation, RoleCode.EXECUTOR)  # hears nothing
    with time_machine.travel(_at(10, 5), tick=False):  # both received at 10:00
        item = inbox_item(organisation, actor=user)
        answered = inbox_item(organisation, actor=user, external_id="x-2", account=item.account)
        inbox_item_answer(actor=user, item=answered, text="Ответ дан сразу.")

    assert inbox_timers_sweep(now=_at(11, 29)) == {"warned": 0, "breached": 0}
    assert inbox_timers_sweep(now=_at(11, 30)) == {"warned": 1, "breached": 0}
    assert inbox_timers_sweep(now=_at(11, 45)) == {"warned": 0, "breached": 0}
    letters = list(OutgoingMessage.objects.filter(transport=Transport.EMAIL).order_by("to"))
    assert sorted(letter.to for letter in letters) == sorted([user.email, boss.email])
    assert all("75" in letter.subject for letter in letters)
    assert f"/staff/channels/inbox/{item.pk}/" in letters[0].body

    assert inbox_timers_sweep(now=_at(12, 0)) == {"warned": 0, "breached": 1}
    assert inbox_timers_sweep(now=_at(17, 0)) == {"warned": 0, "breached": 0}
    breach_letters = OutgoingMessage.objects.filter(subject__contains="истёк срок")
    assert breach_letters.count() == 2
    item.refresh_from_db()
    assert item.warned_at == _at(11, 30) and item.breached_at == _at(12, 0)
    figures = inbox_month_figures(user=boss, organisation=organisation, now=_at(17, 0))
    assert (figures.open, figures.warned, figures.breached, figures.received) == (1, 1, 1, 2)


def test_the_sweep_is_registered_and_skips_items_without_a_due_time():
    organisation = social_body(rules=False)
    with time_machine.travel(_at(10), tick=False):
        inbox_item(organisation, account=vk_account(organisation))
    assert registered_sweeps()["channels-inbox-timers"] is inbox_timers
    assert inbox_timers(_at(23)) == {"warned": 0, "breached": 0}
    assert not OutgoingMessage.objects.filter(transport=Transport.EMAIL).exists()
