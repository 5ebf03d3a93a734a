"""The inbox pages as staff use them: the queue with filters and marks, an item, answer, appeal, closing, entry."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from otklik.appeals.models import Appeal
from otklik.channels.inbox_services import SocialItemIntake, inbox_items_import
from otklik.channels.models import InboxItem, InboxState
from otklik.core.models import AuditEntry
from otklik.notifications.models import OutgoingMessage
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .inbox_factories import (
    MSK,
    TUESDAY_10,
    answer_template,
    deputy,
    inbox_item,
    operator,
    social_body,
    vk_account,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]
NOW = dt.datetime(2026, 3, 3, 11, 40, tzinfo=MSK)


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def body():
    return social_body()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_is_sorted_by_due_time_marks_warned_and_overdue_and_pages_in_few_queries(body):
    user = operator(body)
    account = vk_account(body)
    rows = [
        SocialItemIntake(
            channel=account.channel,
            account=account,
            kind="official",
            text=f"Сообщение {n}",
            received_at=TUESDAY_10 + dt.timedelta(minutes=n),
            external_id=f"m-{n}",
        )
        for n in range(70)
    ]
    rows.append(
        SocialItemIntake(
            channel=account.channel,
            kind="official",
            text="Пришло вчера",
            received_at=TUESDAY_10 - dt.timedelta(days=1),
            external_id="old",
        )
    )
    inbox_items_import(actor=user, organisation=body, intakes=rows, file_name="t.csv")
    client = _client(user)
    client.get("/staff/channels/inbox/")  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/channels/inbox/")
    assert response.status_code == 200
    assert len(queries) <= 10, [q["sql"] for q in queries.captured_queries]
    html = response.content.decode()
    assert html.index("Пришло вчера") < html.index("Сообщение 0<") < html.index("Сообщение 1<")
    assert html.count('data-testid="timer-overdue"') == 1
    assert 'data-testid="timer-warned"' in html  # received 10:00–10:10 → 75 % at 11:30–11:40
    assert "Сообщений: 71" in html
    read = AuditEntry.objects.filter(action="pd.read.inbox_item.list", actor=user).last()
    assert read is not None and len(read.after["ids"]) == 50
    second = client.get("/staff/channels/inbox/?state=new&page=2").content.decode()
    assert "Сообщение 69" in second and "Сообщение 0<" not in second


def test_filters_by_state_kind_and_channel(body):
    user = operator(body)
    inbox_item(body, actor=user, text="Вопрос про субсидию")
    inbox_item(body, actor=user, text="Министерство снова молчит", kind="mention")
    client = _client(user)
    html = client.get("/staff/channels/inbox/?state=&kind=mention").content.decode()
    assert "Министерство снова молчит" in html and "Вопрос про субсидию" not in html
    html = client.get("/staff/channels/inbox/?state=answered").content.decode()
    assert "Сообщений нет." in html


def test_an_executor_and_an_outsider_do_not_see_the_inbox(body):
    item = inbox_item(body)
    executor = member(body, RoleCode.EXECUTOR)
    assert _client(executor).get("/staff/channels/inbox/").status_code == 403
    other = social_body(slug="other")
    stranger = operator(other)
    assert _client(stranger).get(f"/staff/channels/inbox/{item.pk}/").status_code == 404


def test_answer_from_a_template_edited_before_sending_and_a_double_submit(body):
    user = operator(body)
    template = answer_template(body)
    item = inbox_item(body, actor=user, account=vk_account(body, platform="manual"))
    client = _client(user)
    page = client.get(f"/staff/channels/inbox/{item.pk}/").content.decode()
    assert "Не отвечаем на оскорбления" in page  # the channel's moderation rules
    assert AuditEntry.objects.filter(action="pd.read.inbox_item", object_id=str(item.pk), actor=user).exists()
    prefilled = client.get(f"/staff/channels/inbox/{item.pk}/?template={template.pk}").content.decode()
    assert "Приём заявок откроется 10 марта" in prefilled
    text = template.text + " Телефон горячей линии: 8-800."
    response = client.post(f"/staff/channels/inbox/{item.pk}/answer/", {"template": template.pk, "text": text})
    assert response.status_code == 302
    again = client.post(f"/staff/channels/inbox/{item.pk}/answer/", {"template": template.pk, "text": text})
    assert again.status_code == 302
    assert "Опубликуйте его на площадке" in client.get(f"/staff/channels/inbox/{item.pk}/").content.decode()
    item.refresh_from_db()
    assert item.state == InboxState.ANSWERED and item.answer_text == text
    shown = client.get(f"/staff/channels/inbox/{item.pk}/").content.decode()
    assert 'data-testid="answered-in-time"' in shown
    refused = client.post(f"/staff/channels/inbox/{item.pk}/answer/", {"text": "Другой ответ"})
    assert refused.status_code == 400
    assert "На это сообщение уже ответили." in refused.content.decode()


def test_register_as_an_appeal_from_the_page_and_the_card_links_back(body):
    user = member(body, RoleCode.SOCIAL_OPERATOR, RoleCode.REGISTRAR)
    item = inbox_item(body, actor=user)
    client = _client(user)
    missing = client.post(f"/staff/channels/inbox/{item.pk}/convert/", {"last_name": "Петрова", "first_name": "Анна"})
    assert missing.status_code == 400
    assert "Укажите почтовый адрес или адрес электронной почты" in missing.content.decode()
    data = {"last_name": "Петрова", "first_name": "Анна", "email": "anna@example.ru"}
    assert client.post(f"/staff/channels/inbox/{item.pk}/convert/", data).status_code == 302
    assert client.post(f"/staff/channels/inbox/{item.pk}/convert/", data).status_code == 302
    appeal = Appeal.objects.get()
    page = client.get(f"/staff/channels/inbox/{item.pk}/").content.decode()
    assert f"№ {appeal.number}" in page
    card = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert f"/staff/channels/inbox/{item.pk}/" in card


def test_close_without_answer_needs_a_reason_and_then_refuses_an_answer(body):
    user = operator(body)
    item = inbox_item(body, actor=user)
    client = _client(user)
    assert client.post(f"/staff/channels/inbox/{item.pk}/close/", {"reason": ""}).status_code == 400
    assert client.post(f"/staff/channels/inbox/{item.pk}/close/", {"reason": "Спам"}).status_code == 302
    refused = client.post(f"/staff/channels/inbox/{item.pk}/answer/", {"text": "Ответ"})
    assert "закрыто без ответа" in refused.content.decode()
    assert not OutgoingMessage.objects.exists()


def test_manual_entry_in_local_time_and_no_duplicate_on_double_submit(body):
    user = operator(body)
    account = vk_account(body)
    client = _client(user)
    data = {
        "channel": account.channel.pk,
        "kind": "mention",
        "author_handle": "@citizen",
        "received_at": "2026-03-03T10:00",
        "text": "Минпром опять молчит",
        "external_id": "ok-post-5",
        "link": "https://ok.ru/post/5",
    }
    page = client.get("/staff/channels/inbox/new/").content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    data["submission_key"] = key
    first = client.post("/staff/channels/inbox/new/", data)
    second = client.post("/staff/channels/inbox/new/", data)
    assert first.status_code == second.status_code == 302
    item = InboxItem.objects.get()
    assert item.received_at == TUESDAY_10
    assert item.due_at == dt.datetime(2026, 3, 3, 14, 0, tzinfo=MSK) + dt.timedelta(hours=1)  # the 13–14 break
    bad = client.post("/staff/channels/inbox/new/", {**data, "external_id": "", "link": "ftp://x"})
    assert bad.status_code == 200
    assert "Ссылка должна начинаться с http:// или https://." in bad.content.decode()
    assert InboxItem.objects.count() == 1
    # Without a platform id the form's one-time key keeps a double submit to one item.
    without_id = {**data, "external_id": "", "submission_key": "k" * 32, "text": "Второе сообщение"}
    assert client.post("/staff/channels/inbox/new/", without_id).status_code == 302
    assert client.post("/staff/channels/inbox/new/", without_id).status_code == 302
    assert InboxItem.objects.filter(text="Второе сообщение").count() == 1


def test_the_count_is_capped_on_a_long_queue(body, monkeypatch):
    from otklik.channels import inbox_selectors, inbox_views

    monkeypatch.setattr(inbox_selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(inbox_views, "PAGE_SIZE", 2)
    user = operator(body)
    for n in range(5):
        inbox_item(body, actor=user, external_id=f"cap-{n}", text=f"Сообщение {n}")
    html = _client(user).get("/staff/channels/inbox/").content.decode()
    assert "Сообщений: более 3" in html
    assert "Сообщение 0" in html and "Сообщение 1" in html and "Сообщение 2" not in html
    assert "страница 1 из 2" in html


def test_dashboard_panel_and_typical_answers_page(body):
    boss = deputy(body)
    inbox_item(body, actor=boss)
    client = _client(boss)
    dashboard = client.get("/staff/").content.decode()
    assert "Ждёт ответа: 1 сообщение." in dashboard
    response = client.post("/staff/channels/inbox/templates/", {"title": "Спасибо", "text": "Спасибо за отзыв!"})
    assert response.status_code == 302
    assert "Спасибо за отзыв!" in client.get("/staff/channels/inbox/templates/").content.decode()
    assert client.post("/staff/channels/inbox/templates/", {"title": "Пусто", "text": " "}).status_code == 200
    executor = member(body, RoleCode.EXECUTOR)
    assert "Ждёт ответа" not in _client(executor).get("/staff/").content.decode()
