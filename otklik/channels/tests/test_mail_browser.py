"""In a real browser: a letter put into Dovecot is triaged and registered by the registrar, and the appeal's answer
reaches the author by SMTP in the thread of the author's letter."""

from io import StringIO

import pytest
from django.core.management import call_command

from otklik.channels.mail_services import MailboxValues, mailbox_save
from otklik.core.sweeps import run_sweeps
from otklik.orgs.choices import ChannelType
from otklik.orgs.models import Channel

from .mail_dovecot import PASSWORD as IMAP_PASSWORD
from .mail_dovecot import (
    USER,
    Dovecot,
    dovecot_fixture,  # noqa: F401  (the fixture `dovecot`)
)
from .mail_letters import PASSWORD_ENV, letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-pass-42"


def _staff(chromium, live_server, username):
    page = chromium.new_context(base_url=live_server.url, locale="ru-RU").new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/staff/")
    return page


def test_triage_register_and_answer_in_the_thread(chromium, live_server, smtp_server, dovecot: Dovecot, monkeypatch):
    call_command("load_preset", "dagestan", stdout=StringIO())
    call_command("load_demo_accounts", "--password", PASSWORD, stdout=StringIO())
    monkeypatch.setenv(PASSWORD_ENV, IMAP_PASSWORD)
    channel = Channel.objects.filter(organisation__slug="dagestan", channel_type=ChannelType.EMAIL).first()
    mailbox_save(
        actor=None,
        channel=channel,
        values=MailboxValues(
            host="127.0.0.1", port=dovecot.port, security="plain", username=USER, password_env=PASSWORD_ENV
        ),
    )
    dovecot.deliver(
        letter(
            subject="Лицензия на лом",
            sender="Петрова Анна Ивановна <petrova@example.org>",
            text="Прошу разъяснить порядок продления лицензии на заготовку лома.",
            message_id="<petrova-1@example.org>",
        )
    )
    run_sweeps()
    [received] = [m for m in smtp_server if "сообщение получено" in str(m["Subject"])]
    assert received["In-Reply-To"] == "<petrova-1@example.org>"

    registrar = _staff(chromium, live_server, "dagestan-registrar")
    registrar.get_by_role("navigation", name="Разделы").get_by_role("link", name="Разбор почты").click()
    assert registrar.get_by_test_id("mail-count").inner_text() == "1 письмо."
    registrar.get_by_role("link", name="Лицензия на лом").click()
    assert "petrova@example.org" in registrar.get_by_test_id("letter-from").inner_text()
    registrar.get_by_role("link", name="Зарегистрировать обращение").click()
    assert registrar.get_by_label("Фамилия").input_value() == "Петрова"
    assert registrar.get_by_label("Отчество").input_value() == "Ивановна"
    assert "продления лицензии" in registrar.get_by_label("Текст обращения").input_value()
    registrar.get_by_role("button", name="Зарегистрировать").click()
    assert "Обращение зарегистрировано" in registrar.locator("main").inner_text()
    card_url = registrar.url

    controller = _staff(chromium, live_server, "dagestan-controller")
    controller.goto(card_url)
    controller.get_by_label("Исполнитель").select_option(label="Демо Исполнитель")
    controller.get_by_role("button", name="Поставить на контроль и назначить исполнителя").click()
    executor = _staff(chromium, live_server, "dagestan-executor")
    executor.goto(card_url)
    executor.get_by_label("Итог (п. 2.2)").select_option("solved")
    executor.get_by_label("Текст ответа").fill("Для продления лицензии подайте заявление через портал госуслуг.")
    executor.get_by_role("button", name="Сохранить проект ответа").click()
    head = _staff(chromium, live_server, "dagestan-head")
    head.goto(card_url)
    head.get_by_role("button", name="Согласовать").click()
    head.get_by_role("button", name="Подписать").click()
    executor.goto(card_url)
    executor.get_by_role("button", name="Направить автору").click()

    [answered] = [m for m in smtp_server if "ответ на обращение" in str(m["Subject"])]
    assert answered["To"] == "petrova@example.org"
    assert answered["In-Reply-To"] == "<petrova-1@example.org>"
    assert "<petrova-1@example.org>" in answered["References"]

    registrar.goto("/staff/channels/mail/?status=registered")
    assert "Лицензия на лом" in registrar.locator("main").inner_text()
