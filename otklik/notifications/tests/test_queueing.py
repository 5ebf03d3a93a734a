"""With a broker, delivery of an outbox row starts on commit, not inside the request; without one it goes at once."""

import json

import pytest
import redis
from django.core import mail
from django.db import transaction

from config.celery import app as celery_app
from otklik.notifications.models import MessageStatus, OutgoingMessage
from otklik.notifications.services import MailThread, notify_address
from otklik.notifications.tasks import send_email

BROKER = "redis://127.0.0.1:6379/12"


@pytest.fixture
def broker_mode():
    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=BROKER)
    _forget_connections()  # pools are bound to a broker URL; let Celery build them for this broker
    try:
        yield client
    finally:
        celery_app.conf.update(saved)
        _forget_connections()
        client.flushdb()


def _forget_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
@pytest.mark.broker
def test_mail_is_queued_after_commit_and_not_sent_in_the_request(broker_mode):
    with transaction.atomic():
        notify_address(email="petrova@example.org", subject="Обращение № 1-О/26", body="Зарегистрировано")
        assert broker_mode.llen("celery") == 0  # nothing leaves before the commit
    assert broker_mode.llen("celery") == 1
    message = json.loads(broker_mode.lindex("celery", 0))
    assert message["headers"]["task"] == "otklik.notifications.tasks.deliver_outbox"
    assert message["headers"]["argsrepr"] == repr(([OutgoingMessage.objects.get().pk],))
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_address(email="petrova@example.org", subject="x", body="y")
        raise RuntimeError("registration failed")
    assert mail.outbox == []
    notify_address(email="petrova@example.org", subject="Тема", body="Текст")  # autocommit: goes at once (eager)
    assert [m.subject for m in mail.outbox] == ["Тема"]


@pytest.mark.django_db(transaction=True)
def test_mail_the_previous_release_left_in_the_broker_goes_through_the_outbox():
    assert send_email.delay("Тема", "Текст", ["petrova@example.org"]).get() == 1
    assert OutgoingMessage.objects.get().status == MessageStatus.SENT
    assert [m.to for m in mail.outbox] == [["petrova@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_an_answer_to_a_letter_goes_in_its_thread(organisation, smtp_server):
    thread = MailThread(message_id="<b@mail.example.org>", references="<a@mail.example.org>")
    notify_address(
        email="petrova@example.org", subject="Re: Фонари", body="Ответ", organisation=organisation, thread=thread
    )
    [letter] = smtp_server
    assert letter["In-Reply-To"] == "<b@mail.example.org>"
    assert letter["References"] == "<a@mail.example.org> <b@mail.example.org>"


@pytest.mark.django_db(transaction=True)
def test_a_letter_outside_a_thread_carries_no_reply_headers(organisation, smtp_server):
    notify_address(email="petrova@example.org", subject="Уведомление", body="Текст", organisation=organisation)
    [letter] = smtp_server
    assert letter["In-Reply-To"] is None and letter["References"] is None
