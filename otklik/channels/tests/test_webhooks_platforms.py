"""VK Callback API and Telegram Bot API webhooks: handshake, items, secrets, replays, bad bodies, and the replies
going back through the platform's API (a local server on 127.0.0.1 plays it and records the requests)."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from otklik.channels.choices import SocialItemKind
from otklik.channels.inbox_services import inbox_item_answer
from otklik.channels.models import InboxItem, InboxState
from otklik.notifications.tests.platform_server import PlatformServer

from .inbox_factories import (
    MSK,
    TG_SECRET,
    TG_SECRET_ENV,
    VK_SECRET,
    VK_SECRET_ENV,
    operator,
    social_body,
    telegram_account,
    vk_account,
)

NOW = dt.datetime(2026, 3, 3, 10, 30, tzinfo=MSK)
SENT = int(dt.datetime(2026, 3, 3, 10, 0, tzinfo=MSK).timestamp())
VK_TOKEN = "vk1.a.test-group-token"
TG_TOKEN = "123456:AAE-test-bot-token"


def vk_message_new(*, message_id=512, secret=VK_SECRET, text="Здравствуйте! Когда начнётся приём заявок?"):
    """The shape of VK's message_new notification, API 5.103 and later (message with client_info)."""
    return {
        "group_id": 218375,
        "type": "message_new",
        "event_id": f"a9f3c1d2e4b5{message_id}",
        "v": "5.199",
        "object": {
            "message": {
                "date": SENT,
                "from_id": 1001,
                "id": message_id,
                "out": 0,
                "attachments": [],
                "conversation_message_id": 33,
                "fwd_messages": [],
                "important": False,
                "is_hidden": False,
                "peer_id": 1001,
                "random_id": 0,
                "text": text,
            },
            "client_info": {
                "button_actions": ["text", "vkpay", "open_app", "location", "open_link", "callback"],
                "keyboard": True,
                "inline_keyboard": True,
                "carousel": True,
                "lang_id": 0,
            },
        },
        "secret": secret,
    }


def vk_wall_reply_new(*, from_id=1002, secret=VK_SECRET):
    return {
        "group_id": 218375,
        "type": "wall_reply_new",
        "event_id": "7c2e9b41d0aa",
        "v": "5.199",
        "object": {
            "id": 40,
            "from_id": from_id,
            "date": SENT,
            "text": "А для ИП субсидия тоже положена?",
            "post_owner_id": -218375,
            "post_id": 12,
            "parents_stack": [],
            "thread": {"count": 0},
        },
        "secret": secret,
    }


def telegram_update(*, update_id=10000, message_id=1365):
    """The shape of a Bot API Update with a private message."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "from": {
                "id": 1111111,
                "is_bot": False,
                "first_name": "Иван",
                "last_name": "Сидоров",
                "username": "ivan_s",
                "language_code": "ru",
            },
            "chat": {
                "id": 1111111,
                "first_name": "Иван",
                "last_name": "Сидоров",
                "username": "ivan_s",
                "type": "private",
            },
            "date": SENT,
            "text": "Добрый день! Где посмотреть список документов?",
        },
    }


@pytest.fixture
def secrets(monkeypatch):
    monkeypatch.setenv(VK_SECRET_ENV, VK_SECRET)
    monkeypatch.setenv(TG_SECRET_ENV, TG_SECRET)


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def _post_vk(account, payload, **extra):
    body = payload if isinstance(payload, bytes | str) else json.dumps(payload)
    return Client().post(f"/hooks/social/vk/{account.pk}/", body, content_type="application/json", **extra)


def _post_tg(account, payload, secret=TG_SECRET):
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret} if secret is not None else {}
    body = payload if isinstance(payload, bytes | str) else json.dumps(payload)
    return Client().post(f"/hooks/social/telegram/{account.pk}/", body, content_type="application/json", **headers)


@pytest.mark.django_db
def test_vk_confirmation_answers_the_stored_string(secrets, travel):
    account = vk_account(social_body())
    response = _post_vk(account, {"type": "confirmation", "group_id": 218375})
    assert response.status_code == 200
    assert response.content == b"d8v2ve07"
    wrong_group = _post_vk(account, {"type": "confirmation", "group_id": 1})
    assert wrong_group.status_code == 403


@pytest.mark.django_db
def test_vk_message_becomes_an_official_item_once_however_often_replayed(secrets, travel):
    organisation = social_body()
    account = vk_account(organisation)
    for _attempt in range(3):  # VK resends until it reads «ok»
        response = _post_vk(account, vk_message_new())
        assert (response.status_code, response.content) == (200, b"ok")
        assert response["Content-Type"].startswith("text/plain")
    item = InboxItem.objects.get()
    assert item.kind == SocialItemKind.OFFICIAL
    assert item.text == "Здравствуйте! Когда начнётся приём заявок?"
    assert item.author_handle == "id1001"
    assert item.reply_to == "peer:1001"
    assert item.received_at == dt.datetime(2026, 3, 3, 10, 0, tzinfo=MSK)
    assert item.due_at == dt.datetime(2026, 3, 3, 12, 0, tzinfo=MSK)
    assert item.state == InboxState.NEW


@pytest.mark.django_db
def test_vk_comment_under_a_post_becomes_a_comment_item_and_our_own_reply_is_skipped(secrets, travel):
    account = vk_account(social_body())
    assert _post_vk(account, vk_wall_reply_new()).content == b"ok"
    assert _post_vk(account, vk_wall_reply_new(from_id=-218375)).content == b"ok"
    item = InboxItem.objects.get()
    assert item.kind == SocialItemKind.COMMENT
    assert item.reply_to == "wall:-218375_12_40"
    assert item.link == "https://vk.com/wall-218375_12?reply=40"


@pytest.mark.django_db
@pytest.mark.parametrize("secret", ["wrong", "", None])
def test_vk_event_with_a_wrong_or_missing_secret_is_refused_and_nothing_stored(secrets, travel, secret):
    account = vk_account(social_body())
    payload = vk_message_new(secret=secret)
    assert _post_vk(account, payload).status_code == 403
    assert _post_vk(account, {**vk_wall_reply_new(), "secret": secret}).status_code == 403
    assert not InboxItem.objects.exists()


@pytest.mark.django_db
def test_vk_without_the_secret_variable_in_the_environment_refuses_everything(monkeypatch, travel):
    monkeypatch.delenv(VK_SECRET_ENV, raising=False)
    account = vk_account(social_body())
    assert _post_vk(account, vk_message_new(secret="")).status_code == 403
    assert not InboxItem.objects.exists()


@pytest.mark.django_db
def test_malformed_json_oversized_bodies_and_unknown_accounts_are_refused(secrets, travel):
    account = vk_account(social_body())
    assert _post_vk(account, b'{"type": "message_new", ').status_code == 400
    assert _post_vk(account, b"[1, 2]").status_code == 400
    assert _post_vk(account, "\udcff".encode("utf-8", "surrogatepass")).status_code == 400
    assert _post_vk(account, json.dumps({**vk_message_new(), "pad": "x" * 70_000})).status_code == 413
    missing_fields = vk_message_new()
    del missing_fields["object"]["message"]["peer_id"]
    assert _post_vk(account, missing_fields).status_code == 400
    assert Client().post("/hooks/social/vk/99999/", "{}", content_type="application/json").status_code == 404
    assert Client().get(f"/hooks/social/vk/{account.pk}/").status_code == 405
    assert not InboxItem.objects.exists()


@pytest.mark.django_db
def test_vk_events_for_another_group_or_an_inactive_account_are_refused(secrets, travel):
    account = vk_account(social_body())
    assert _post_vk(account, {**vk_message_new(), "group_id": 999}).status_code == 403
    account.is_active = False
    account.save()
    assert _post_vk(account, vk_message_new()).status_code == 404
    assert not InboxItem.objects.exists()


@pytest.mark.django_db
def test_telegram_update_becomes_an_official_item_once(secrets, travel):
    account = telegram_account(social_body())
    assert _post_tg(account, telegram_update()).status_code == 200
    assert _post_tg(account, telegram_update(update_id=10001)).status_code == 200  # redelivered message
    item = InboxItem.objects.get()
    assert item.kind == SocialItemKind.OFFICIAL
    assert (item.author_handle, item.author_name, item.reply_to) == ("@ivan_s", "Иван Сидоров", "1111111")
    assert item.external_id == "tg:1111111:1365"
    assert _post_tg(account, {"update_id": 10002, "edited_message": {}}).status_code == 200  # not taken
    assert InboxItem.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("secret", ["wrong", "", None])
def test_telegram_with_a_wrong_secret_header_is_refused(secrets, travel, secret):
    account = telegram_account(social_body())
    assert _post_tg(account, telegram_update(), secret=secret).status_code == 403
    assert _post_tg(account, b"not json").status_code == 400
    assert not InboxItem.objects.exists()


@pytest.fixture
def platform(settings, monkeypatch):
    with PlatformServer() as server:
        settings.OTKLIK_TELEGRAM_API_URL = server.url
        settings.OTKLIK_VK_API_URL = f"{server.url}/method"
        settings.OTKLIK_NOTIFY_HTTP_TIMEOUT = 3
        monkeypatch.setenv("OTKLIK_TEST_VK_TOKEN", VK_TOKEN)
        monkeypatch.setenv("OTKLIK_TEST_TG_TOKEN", TG_TOKEN)
        yield server


@pytest.mark.django_db(transaction=True)
def test_answers_go_back_through_the_platforms_api(secrets, travel, platform):
    organisation = social_body()
    user = operator(organisation)
    vk = vk_account(organisation)
    tg = telegram_account(organisation)
    _post_vk(vk, vk_message_new())
    _post_vk(vk, vk_wall_reply_new())
    _post_tg(tg, telegram_update())
    message, comment, telegram = (
        InboxItem.objects.get(external_id=key)
        for key in ("vk:message:512", "vk:comment:-218375_12_40", "tg:1111111:1365")
    )
    inbox_item_answer(actor=user, item=message, text="Приём откроется 10 марта.")
    inbox_item_answer(actor=user, item=comment, text="Да, для ИП тоже.")
    inbox_item_answer(actor=user, item=telegram, text="Список — на сайте министерства.")
    inbox_item_answer(actor=user, item=telegram, text="Список — на сайте министерства.")  # double submit

    paths = [request.path for request in platform.requests]
    assert paths == ["/method/messages.send", "/method/wall.createComment", f"/bot{TG_TOKEN}/sendMessage"]
    sent, commented, telegrammed = platform.requests
    assert sent.form["peer_id"] == "1001" and sent.form["message"] == "Приём откроется 10 марта."
    assert sent.form["access_token"] == VK_TOKEN
    assert (commented.form["owner_id"], commented.form["reply_to_comment"]) == ("-218375", "40")
    assert telegrammed.json == {"chat_id": "1111111", "text": "Список — на сайте министерства."}
    assert set(InboxItem.objects.values_list("state", flat=True)) == {InboxState.ANSWERED}


@pytest.mark.django_db
def test_telegram_channel_post_becomes_an_official_item(secrets, travel):
    account = telegram_account(social_body())
    update = {
        "update_id": 10010,
        "channel_post": {
            "message_id": 88,
            "sender_chat": {"id": -1001234567890, "title": "Минпром Свердловской области", "type": "channel"},
            "chat": {"id": -1001234567890, "title": "Минпром Свердловской области", "username": "minpromso"},
            "date": SENT,
            "text": "Вопрос из обсуждения: когда итоги конкурса?",
        },
    }
    assert _post_tg(account, update).status_code == 200
    item = InboxItem.objects.get()
    assert (item.kind, item.author_name, item.link) == (
        SocialItemKind.OFFICIAL,
        "Минпром Свердловской области",
        "https://t.me/minpromso/88",
    )
    assert item.reply_to == "-1001234567890"
