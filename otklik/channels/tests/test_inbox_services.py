"""The inbox's services: timers from the body's hours, answers, appeals, closing, refusals and double submits."""

import datetime as dt

import pytest
import time_machine

from otklik.appeals.choices import IntakeChannel
from otklik.appeals.intake import AuthorData
from otklik.appeals.models import Appeal
from otklik.channels.inbox_services import (
    SocialItemIntake,
    author_from_item,
    inbox_item_answer,
    inbox_item_close,
    inbox_item_convert,
    inbox_item_receive,
)
from otklik.channels.models import InboxItem, InboxState
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .inbox_factories import MSK, TUESDAY_10, inbox_item, operator, social_body, vk_account

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 3, 12, 0, tzinfo=MSK)
AUTHOR = AuthorData(last_name="Петрова", first_name="Анна", email="anna@example.ru")


@time_machine.travel(NOON, tick=False)
def test_an_official_appeal_is_due_in_two_working_hours_and_warned_at_75_percent():
    organisation = social_body()
    item = inbox_item(organisation)
    assert item.due_at == dt.datetime(2026, 3, 3, 12, 0, tzinfo=MSK)
    assert item.warn_at == dt.datetime(2026, 3, 3, 11, 30, tzinfo=MSK)
    assert item.state == InboxState.NEW
    assert AuditEntry.objects.filter(action="inbox_item.received", object_id=str(item.pk)).exists()


@time_machine.travel(dt.datetime(2026, 3, 4, 9, 0, tzinfo=MSK), tick=False)
def test_a_mention_at_five_pm_runs_over_the_night_on_working_hours():
    organisation = social_body()
    item = inbox_item(organisation, kind="mention", received_at=dt.datetime(2026, 3, 3, 17, 0, tzinfo=MSK))
    # 17:00–18:00 is one hour; the other three run from 09:00 next morning, before the 13:00 break.
    assert item.due_at == dt.datetime(2026, 3, 4, 12, 0, tzinfo=MSK)
    # 75 % of 240 working minutes = 180: 17:00–18:00, then 09:00–11:00.
    assert item.warn_at == dt.datetime(2026, 3, 4, 11, 0, tzinfo=MSK)


@time_machine.travel(NOON, tick=False)
def test_where_the_acts_set_no_time_an_item_has_no_timers():
    organisation = social_body(rules=False)
    item = inbox_item(organisation)
    assert item.due_at is None and item.warn_at is None


@time_machine.travel(NOON, tick=False)
def test_the_same_platform_id_twice_stores_one_item():
    organisation = social_body()
    account = vk_account(organisation)
    first = inbox_item(organisation, account=account, external_id="vk:message:7")
    second = inbox_item(organisation, account=account, external_id="vk:message:7", text="другой текст")
    assert first.pk == second.pk
    assert InboxItem.objects.count() == 1


@time_machine.travel(NOON, tick=False)
def test_an_item_without_text_or_with_a_foreign_channel_is_refused_and_nothing_stored():
    organisation = social_body()
    other = social_body(slug="other")
    account = vk_account(other)
    user = operator(organisation)
    with pytest.raises(ApplicationError, match="Нет текста"):
        inbox_item_receive(
            actor=user,
            organisation=organisation,
            intake=SocialItemIntake(
                channel=vk_account(organisation).channel, kind="official", text="  ", received_at=TUESDAY_10
            ),
        )
    with pytest.raises(ApplicationError, match="канал соцсети"):
        inbox_item_receive(
            actor=user,
            organisation=organisation,
            intake=SocialItemIntake(channel=account.channel, kind="official", text="Текст", received_at=TUESDAY_10),
        )
    assert not InboxItem.objects.exists()


@time_machine.travel(NOON, tick=False)
def test_an_executor_cannot_work_the_inbox():
    organisation = social_body()
    executor = member(organisation, RoleCode.EXECUTOR)
    with pytest.raises(PermissionDeniedError):
        inbox_item(organisation, actor=executor)


@time_machine.travel(dt.datetime(2026, 3, 3, 11, 0, tzinfo=MSK), tick=False)
def test_an_answer_before_the_due_time_is_in_time_and_a_double_submit_sends_once():
    organisation = social_body()
    user = operator(organisation)
    item = inbox_item(organisation, account=vk_account(organisation, platform="manual"), actor=user)
    answered = inbox_item_answer(actor=user, item=item, text="Здравствуйте! Приём откроется 10 марта.")
    again = inbox_item_answer(actor=user, item=item, text="Здравствуйте! Приём откроется 10 марта.")
    assert answered.state == again.state == InboxState.ANSWERED
    assert answered.answered_at is not None and answered.due_at is not None
    assert answered.answered_at <= answered.due_at
    assert answered.breached_at is None
    assert AuditEntry.objects.filter(action="inbox_item.answered").count() == 1
    with pytest.raises(ApplicationError, match="уже ответили"):
        inbox_item_answer(actor=user, item=item, text="Другой ответ")


@time_machine.travel(dt.datetime(2026, 3, 3, 15, 0, tzinfo=MSK), tick=False)
def test_a_late_answer_counts_as_a_breach():
    organisation = social_body()
    user = operator(organisation)
    item = inbox_item(organisation, account=vk_account(organisation, platform="manual"), actor=user)
    answered = inbox_item_answer(actor=user, item=item, text="Извините за задержку.")
    assert answered.breached_at == answered.due_at


@time_machine.travel(NOON, tick=False)
def test_a_closed_item_refuses_an_answer_and_an_appeal_in_russian():
    organisation = social_body()
    user = operator(organisation)
    item = inbox_item(organisation, actor=user)
    with pytest.raises(ApplicationError, match="причину"):
        inbox_item_close(actor=user, item=item, reason=" ")
    inbox_item_close(actor=user, item=item, reason="Реклама")
    inbox_item_close(actor=user, item=item, reason="Реклама")  # a double submit
    assert AuditEntry.objects.filter(action="inbox_item.closed").count() == 1
    with pytest.raises(ApplicationError, match="закрыто без ответа"):
        inbox_item_answer(actor=user, item=item, text="Ответ")
    with pytest.raises(ApplicationError, match="закрыто без ответа"):
        inbox_item_convert(actor=user, item=item, author=AUTHOR)
    item.refresh_from_db()
    assert (item.state, item.answer_text, item.appeal_id) == (InboxState.CLOSED, "", None)


@time_machine.travel(NOON, tick=False)
def test_an_item_becomes_an_appeal_under_59_fz_linked_both_ways_once():
    organisation = social_body()
    user = operator(organisation)
    item = inbox_item(organisation, actor=user, link="https://vk.com/wall-218375_12?reply=40")
    assert author_from_item(item) == AuthorData(last_name="Петрова", first_name="Анна")
    with pytest.raises(ApplicationError, match="почтовый адрес или адрес электронной почты"):
        inbox_item_convert(actor=user, item=item, author=author_from_item(item))
    assert not Appeal.objects.exists()
    appeal = inbox_item_convert(actor=user, item=item, author=AUTHOR)
    again = inbox_item_convert(actor=user, item=item, author=AUTHOR)
    assert appeal.pk == again.pk
    assert Appeal.objects.count() == 1
    assert appeal.channel == IntakeChannel.SOCIAL
    assert appeal.received_at == TUESDAY_10
    assert "Когда откроют приём заявок" in appeal.text
    assert appeal.author.last_name == "Петрова" and appeal.author.first_name == "Анна"
    assert list(appeal.social_items.all()) == [InboxItem.objects.get(pk=item.pk)]
    item.refresh_from_db()
    assert item.state == InboxState.CONVERTED and item.appeal_id == appeal.pk
