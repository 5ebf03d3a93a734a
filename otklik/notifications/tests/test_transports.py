"""SMS, Telegram and VK delivery against a local server playing the platforms: sent, retried, refused, no token."""

import datetime as dt
import logging

import pytest
from django.db import transaction
from django.utils import timezone

from otklik.core.errors import ApplicationError
from otklik.core.tests.processes import free_port
from otklik.notifications.models import MessageStatus, OutgoingMessage, Transport
from otklik.notifications.services import notify_via, outbox_deliver
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .platform_server import PlatformServer

SMS_TOKEN = "sms-secret-7f3a"
BOT_TOKEN = "123456:AAE-bot-secret"
VK_TOKEN = "vk1.a.group-secret"


@pytest.fixture
def platform(settings, monkeypatch):
    with PlatformServer() as server:
        settings.OTKLIK_SMS_GATEWAY_URL = f"{server.url}/api/sms"
        settings.OTKLIK_TELEGRAM_API_URL = server.url
        settings.OTKLIK_VK_API_URL = f"{server.url}/method"
        settings.OTKLIK_NOTIFY_HTTP_TIMEOUT = 3
        monkeypatch.setenv("OTKLIK_SMS_GATEWAY_TOKEN", SMS_TOKEN)
        monkeypatch.setenv("OTKLIK_TELEGRAM_BOT_TOKEN", BOT_TOKEN)
        monkeypatch.setenv("OTKLIK_VK_ACCESS_TOKEN", VK_TOKEN)
        yield server


def later(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def _no_secret_in(message: OutgoingMessage) -> None:
    for secret in (SMS_TOKEN, BOT_TOKEN, VK_TOKEN):
        assert secret not in message.last_error
        assert secret not in message.sender


@pytest.mark.django_db(transaction=True)
def test_an_sms_goes_to_the_gateway_as_json_with_the_bearer_token(platform, organisation):
    pk = notify_via(
        transport=Transport.SMS,
        to="+7 (999) 123-45-67",
        body="Ваше обращение зарегистрировано",
        organisation=organisation,
    )
    [request] = platform.requests
    assert request.path == "/api/sms"
    assert request.headers["Authorization"] == f"Bearer {SMS_TOKEN}"
    assert request.json == {
        "to": "+79991234567",
        "text": "Ваше обращение зарегистрировано",
        "reference": f"otklik-outbox-{pk}",
    }
    message = OutgoingMessage.objects.get(pk=pk)
    assert (message.status, message.transport, message.to, message.body) == (
        MessageStatus.SENT,
        Transport.SMS,
        "+79991234567",
        "",  # erased once it left
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("phone", ["12345", "+7 999 abc", "", "+0123456789"])
def test_a_bad_phone_number_is_refused_in_russian_and_nothing_is_queued(platform, phone):
    with pytest.raises(ApplicationError, match="Неверный номер телефона"):
        notify_via(transport=Transport.SMS, to=phone, body="Текст")
    assert not OutgoingMessage.objects.exists()
    assert platform.requests == []


@pytest.mark.django_db(transaction=True)
def test_a_token_passed_instead_of_a_variable_name_is_refused(platform):
    with pytest.raises(ApplicationError, match="именем переменной окружения"):
        notify_via(transport=Transport.TELEGRAM, to="42", body="Текст", sender=BOT_TOKEN)
    assert not OutgoingMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_telegram_send_message_with_the_bodys_own_bot(platform, organisation, monkeypatch):
    monkeypatch.setenv("MINSOC_BOT_TOKEN", "777:body-bot")
    pk = notify_via(
        transport=Transport.TELEGRAM, to="-100200300", body="Ответ на ваше сообщение", sender="MINSOC_BOT_TOKEN"
    )
    [request] = platform.requests
    assert request.path == "/bot777:body-bot/sendMessage"
    assert request.json == {"chat_id": "-100200300", "text": "Ответ на ваше сообщение"}
    message = OutgoingMessage.objects.get(pk=pk)
    assert (message.status, message.sender) == (MessageStatus.SENT, "MINSOC_BOT_TOKEN")


@pytest.mark.django_db(transaction=True)
def test_telegram_429_is_retried_with_backoff_then_sent(platform):
    platform.script(
        "/sendMessage",
        (429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 5"}),
    )
    pk = notify_via(transport=Transport.TELEGRAM, to="42", body="Текст")
    message = OutgoingMessage.objects.get(pk=pk)
    assert (message.status, message.attempts) == (MessageStatus.RETRYING, 1)
    assert "429" in message.last_error and "Too Many Requests" in message.last_error
    assert message.body == "Текст"  # kept for the next attempt
    _no_secret_in(message)

    assert outbox_deliver(now=later(2)).sent == [pk]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.body, message.last_error) == (MessageStatus.SENT, 2, "", "")
    assert len(platform.requests) == 2


@pytest.mark.django_db(transaction=True)
def test_telegram_invalid_token_fails_at_once_with_the_reason_in_the_send_log(platform, organisation, client):
    platform.script("/sendMessage", (401, {"ok": False, "error_code": 401, "description": "Unauthorized"}))
    pk = notify_via(transport=Transport.TELEGRAM, to="42", body="Текст", organisation=organisation)
    message = OutgoingMessage.objects.get(pk=pk)
    assert (message.status, message.attempts, message.next_attempt_at) == (MessageStatus.FAILED, 1, None)
    assert message.last_error == "Telegram: HTTP 401 Unauthorized"
    assert message.body == ""
    assert outbox_deliver(now=later(60)).claimed == 0  # no retry of a refusal that will not change

    client.force_login(member(organisation, RoleCode.ADMINISTRATOR))
    html = client.get("/staff/outbox/").content.decode()
    assert "Telegram: HTTP 401 Unauthorized" in html and "не доставлено" in html
    assert "Telegram" in html and ">42<" in html  # the transport and the recipient
    assert BOT_TOKEN not in html


@pytest.mark.django_db(transaction=True)
def test_no_token_reaches_the_logs_even_at_debug_level(platform, caplog):
    # Django applied settings.LOGGING at start-up: urllib3, which logs request paths, speaks from WARNING up.
    platform.script("/sendMessage", (500, {"ok": False, "description": f"boom for bot{BOT_TOKEN}"}))
    with caplog.at_level(logging.DEBUG):
        pk = notify_via(transport=Transport.TELEGRAM, to="42", body="Текст")
        outbox_deliver(now=later(2))
    assert OutgoingMessage.objects.get(pk=pk).status == MessageStatus.SENT
    assert "boom for bot***" in caplog.text  # the platform's reason is logged, with the token blanked
    assert BOT_TOKEN not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_missing_token_fails_with_a_reason_naming_the_variable(platform, monkeypatch):
    monkeypatch.delenv("OTKLIK_TELEGRAM_BOT_TOKEN")
    pk = notify_via(transport=Transport.TELEGRAM, to="42", body="Текст", sender="")
    message = OutgoingMessage.objects.get(pk=pk)
    assert message.status == MessageStatus.FAILED
    assert "OTKLIK_TELEGRAM_BOT_TOKEN" in message.last_error and "не задан токен" in message.last_error
    assert platform.requests == []


@pytest.mark.django_db(transaction=True)
def test_an_unset_sms_gateway_fails_with_a_clear_reason(platform, settings):
    settings.OTKLIK_SMS_GATEWAY_URL = ""
    pk = notify_via(transport=Transport.SMS, to="+79991234567", body="Текст")
    message = OutgoingMessage.objects.get(pk=pk)
    assert message.status == MessageStatus.FAILED
    assert "OTKLIK_SMS_GATEWAY_URL" in message.last_error


@pytest.mark.django_db(transaction=True)
def test_an_sms_gateway_refusal_fails_at_once_and_a_5xx_is_retried(platform):
    platform.script("/api/sms", (400, {"error": "invalid phone number"}), (503, "Service Unavailable"))
    refused = notify_via(transport=Transport.SMS, to="+79991234567", body="Текст")
    retried = notify_via(transport=Transport.SMS, to="+79991234568", body="Текст")
    refused_message = OutgoingMessage.objects.get(pk=refused)
    assert (refused_message.status, refused_message.last_error) == (
        MessageStatus.FAILED,
        "SMS: HTTP 400 invalid phone number",
    )
    retried_message = OutgoingMessage.objects.get(pk=retried)
    assert retried_message.status == MessageStatus.RETRYING
    assert retried_message.last_error == "SMS: HTTP 503 Service Unavailable"
    _no_secret_in(retried_message)


@pytest.mark.django_db(transaction=True)
def test_a_gateway_that_does_not_answer_is_retried(settings, monkeypatch):
    settings.OTKLIK_SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/api/sms"
    monkeypatch.setenv("OTKLIK_SMS_GATEWAY_TOKEN", SMS_TOKEN)
    pk = notify_via(transport=Transport.SMS, to="+79991234567", body="Текст")
    message = OutgoingMessage.objects.get(pk=pk)
    assert message.status == MessageStatus.RETRYING
    assert "ConnectionError" in message.last_error


@pytest.mark.django_db(transaction=True)
def test_vk_private_message_carries_random_id_of_the_outbox_row_and_the_token_in_the_form(platform):
    pk = notify_via(transport=Transport.VK, to="peer:2000000001", body="Здравствуйте! Ваш вопрос передан.")
    [request] = platform.requests
    assert request.path == "/method/messages.send"
    assert request.form == {
        "peer_id": "2000000001",
        "message": "Здравствуйте! Ваш вопрос передан.",
        "random_id": str(pk),
        "access_token": VK_TOKEN,
        "v": "5.199",
    }
    assert VK_TOKEN not in request.path
    assert OutgoingMessage.objects.get(pk=pk).status == MessageStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_vk_reply_under_a_comment_uses_wall_create_comment(platform):
    pk = notify_via(transport=Transport.VK, to="wall:-123_456_789", body="Спасибо, разбираемся")
    [request] = platform.requests
    assert request.path == "/method/wall.createComment"
    assert {key: request.form[key] for key in ("owner_id", "post_id", "reply_to_comment", "message", "v")} == {
        "owner_id": "-123",
        "post_id": "456",
        "reply_to_comment": "789",
        "message": "Спасибо, разбираемся",
        "v": "5.199",
    }
    assert OutgoingMessage.objects.get(pk=pk).status == MessageStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_vk_errors_inside_a_200_answer_fail_at_once_or_retry_by_their_code(platform):
    platform.script(
        "/messages.send",
        (200, {"error": {"error_code": 5, "error_msg": "User authorization failed: invalid access_token (4)."}}),
        (200, {"error": {"error_code": 6, "error_msg": "Too many requests per second"}}),
    )
    invalid = notify_via(transport=Transport.VK, to="peer:1", body="Текст")
    flood = notify_via(transport=Transport.VK, to="peer:2", body="Текст")
    invalid_message = OutgoingMessage.objects.get(pk=invalid)
    assert invalid_message.status == MessageStatus.FAILED
    assert invalid_message.last_error == "VK messages.send: 5 User authorization failed: invalid access_token (4)."
    flood_message = OutgoingMessage.objects.get(pk=flood)
    assert flood_message.status == MessageStatus.RETRYING
    assert outbox_deliver(now=later(2)).sent == [flood]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("transport", "to", "words"),
    [
        (Transport.VK, "wall:1_2", "Неверный получатель во ВКонтакте"),
        (Transport.VK, "42", "Неверный получатель во ВКонтакте"),
        (Transport.TELEGRAM, "not a chat", "Неверный получатель в Telegram"),
        (Transport.EMAIL, "not-an-address", "Неверный адрес электронной почты"),
        ("fax", "42", "Неизвестный способ отправки"),
    ],
)
def test_a_bad_recipient_is_refused_in_russian(platform, transport, to, words):
    with pytest.raises(ApplicationError, match=words):
        notify_via(transport=transport, to=to, body="Текст")
    assert not OutgoingMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_email_through_notify_via_takes_the_smtp_path(organisation, smtp_server):
    notify_via(transport=Transport.EMAIL, to="petrova@example.org", subject="Тема", body="Текст")
    [letter] = smtp_server
    assert letter["To"] == "petrova@example.org" and letter["Subject"] == "Тема"
    assert OutgoingMessage.objects.get().status == MessageStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_a_message_leaves_only_after_the_commit_and_never_after_a_rollback(platform):
    with transaction.atomic():
        notify_via(transport=Transport.TELEGRAM, to="42", body="После фиксации")
        assert platform.requests == []  # nothing leaves inside the business transaction
    assert [request.json["text"] for request in platform.requests] == ["После фиксации"]

    with pytest.raises(RuntimeError), transaction.atomic():
        notify_via(transport=Transport.TELEGRAM, to="42", body="Откатится")
        raise RuntimeError("the business transaction failed")
    assert len(platform.requests) == 1
    assert OutgoingMessage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("status", "description"),
    [(400, "Bad Request: chat not found"), (403, "Forbidden: bot was blocked by the user")],
)
def test_telegram_refusals_that_will_not_change_fail_at_once(platform, status, description):
    platform.script("/sendMessage", (status, {"ok": False, "error_code": status, "description": description}))
    pk = notify_via(transport=Transport.TELEGRAM, to="42", body="Текст")
    message = OutgoingMessage.objects.get(pk=pk)
    assert (message.status, message.last_error) == (MessageStatus.FAILED, f"Telegram: HTTP {status} {description}")
    assert len(platform.requests) == 1
