"""In a real browser: a VK message arrives by webhook, the operator answers it from a typical answer edited before
sending, the answer reaches the VK API (a local server plays it) and the item shows as answered in time."""

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from otklik.channels.models import InboxItem, InboxState
from otklik.notifications.tests.platform_server import PlatformServer

from .inbox_factories import VK_SECRET, VK_SECRET_ENV, answer_template, operator, social_body, vk_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def platform(settings, monkeypatch):
    with PlatformServer() as server:
        settings.OTKLIK_VK_API_URL = f"{server.url}/method"
        settings.OTKLIK_NOTIFY_HTTP_TIMEOUT = 3
        monkeypatch.setenv("OTKLIK_TEST_VK_TOKEN", "vk1.a.browser-test-token")
        monkeypatch.setenv(VK_SECRET_ENV, VK_SECRET)
        yield server


def _vk_message(text: str) -> dict:
    sent = int((timezone.now() - dt.timedelta(minutes=3)).timestamp())
    message = {"date": sent, "from_id": 1001, "id": 901, "out": 0, "peer_id": 1001, "text": text}
    message |= {"attachments": [], "conversation_message_id": 5, "fwd_messages": [], "random_id": 0}
    return {
        "group_id": 218375,
        "type": "message_new",
        "event_id": "0f1e2d3c4b5a",
        "v": "5.199",
        "object": {"message": message, "client_info": {"keyboard": True, "lang_id": 0}},
        "secret": VK_SECRET,
    }


def test_an_inbox_item_is_answered_from_a_template_before_the_timer_fires(page, platform):
    organisation = social_body()
    account = vk_account(organisation)
    answer_template(organisation, title="Приём заявок", text="Здравствуйте! Приём заявок откроется 10 марта.")
    user = operator(organisation)
    hook = Client().post(
        f"/hooks/social/vk/{account.pk}/",
        json.dumps(_vk_message("Когда откроют приём заявок на субсидию?")),
        content_type="application/json",
    )
    assert hook.content == b"ok"

    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(user.username)
    page.get_by_label("Пароль").fill("secret-pass-1")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/staff/")
    expect(page.get_by_test_id("inbox-open")).to_contain_text("Ждёт ответа: 1 сообщение.")

    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Соцсети и мессенджеры").click()
    page.get_by_role("link", name="Когда откроют приём заявок на субсидию?").click()
    page.wait_for_url(re.compile(r"/staff/channels/inbox/\d+/$"))
    expect(page.get_by_test_id("moderation-rules")).to_contain_text("Не отвечаем на оскорбления")
    expect(page.get_by_test_id("timer-overdue")).to_have_count(0)

    page.get_by_label("Типовой ответ").select_option(label="Приём заявок")
    page.get_by_role("button", name="Подставить").click()
    answer = page.get_by_label("Текст ответа")
    expect(answer).to_have_value("Здравствуйте! Приём заявок откроется 10 марта.")
    answer.fill("Здравствуйте! Приём заявок откроется 10 марта. Документы — на сайте министерства.")
    page.get_by_role("button", name="Отправить ответ").click()

    expect(page.get_by_role("status")).to_contain_text("Ответ сохранён и отправлен на площадку.")
    expect(page.get_by_test_id("state")).to_contain_text("Ответ дан")
    expect(page.get_by_test_id("answered-in-time")).to_have_text("ответ дан в срок")
    expect(page.get_by_test_id("answer-text")).to_contain_text("Документы — на сайте министерства.")

    item = InboxItem.objects.get()
    assert item.state == InboxState.ANSWERED
    assert item.due_at is not None and item.answered_at is not None and item.answered_at < item.due_at
    [request] = platform.requests
    assert request.path == "/method/messages.send"
    assert request.form["peer_id"] == "1001"
    assert request.form["message"].endswith("Документы — на сайте министерства.")
