"""In a real browser: a demo user logs in, sees the shell, switches body and reads the calendar."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_user_logs_in_and_uses_the_shell(page):
    call_command("load_preset", "--all", stdout=StringIO())
    call_command("load_demo_accounts", "--password", "demo-pass-42", stdout=StringIO())

    page.goto("/staff/")
    assert page.locator("h1").inner_text() == "Вход для сотрудников"
    page.get_by_label("Имя пользователя").fill("demo")
    page.get_by_label("Пароль").fill("wrong-password")
    page.get_by_role("button", name="Войти").click()
    assert page.get_by_role("alert").inner_text().startswith("Неверное имя пользователя или пароль")

    page.get_by_label("Пароль").fill("demo-pass-42")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/staff/")
    nav = page.get_by_role("navigation", name="Разделы")
    for label in ("Рабочий стол", "Организация", "Производственный календарь"):
        assert nav.get_by_role("link", name=label).is_visible()

    page.get_by_label("Организация", exact=True).select_option("smolensk")
    page.get_by_role("button", name="Перейти").click()
    assert "Смоленской области" in page.locator("h1").inner_text()

    nav.get_by_role("link", name="Производственный календарь").click()
    page.goto("/staff/calendar/?year=2026")
    assert "Рабочих дней в году: 247" in page.locator("main").inner_text()
    page.get_by_label("Дата начала (например, дата регистрации)").fill("2025-12-26")
    page.get_by_label("Срок").fill("3")
    page.get_by_label("Единица").select_option("working_days")
    page.get_by_role("button", name="Рассчитать").click()
    assert page.get_by_test_id("term-result").inner_text() == "12.01.2026"
