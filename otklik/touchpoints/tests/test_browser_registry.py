"""In a real browser: propose, return with a comment, correct, approve, publish; the portal shows version 2."""

import io
import re
from io import StringIO

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-pass-42"


def _login(chromium, live_server, username):
    context = chromium.new_context(base_url=live_server.url, locale="ru-RU", accept_downloads=True)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/staff/")
    return page


def test_a_touchpoint_goes_from_proposal_to_the_published_registry(chromium, live_server):
    call_command("load_preset", "smolensk", stdout=StringIO())
    call_command("load_demo_accounts", "--password", PASSWORD, stdout=StringIO())

    employee = _login(chromium, live_server, "smolensk-executor")
    employee.goto("/staff/registry/")
    employee.get_by_role("link", name="Предложить новую точку").click()
    employee.get_by_label("Процесс взаимодействия").select_option(label="Консультирование")
    employee.get_by_label(re.compile(r"^Точка взаимодействия")).fill("Чат-бот Министерства")
    employee.get_by_label("Тип канала").select_option("chatbot")
    employee.get_by_label("Цифровая точка").check()
    employee.get_by_label("Адрес, ссылка или телефон").fill("t.me/smolprom_bot")
    employee.get_by_label("Получение консультации").check()
    employee.get_by_label("Реквизиты основания").fill("Приказ Министерства от 01.12.2026 № 99/01-01")
    employee.get_by_role("button", name="Отправить уполномоченному лицу").click()
    assert "«t.me/smolprom_bot» — не ссылка" in employee.locator("main").inner_text()
    assert employee.get_by_label(re.compile(r"^Точка взаимодействия")).input_value() == "Чат-бот Министерства"
    employee.get_by_label("Адрес, ссылка или телефон").fill("https://t.me/smolprom_bot")
    employee.get_by_role("button", name="Отправить уполномоченному лицу").click()
    assert employee.get_by_test_id("change-status").inner_text() == "На проверке"
    change_url = employee.url

    keeper = _login(chromium, live_server, "smolensk-registry-keeper")
    keeper.goto(change_url)
    assert "Чат-бот Министерства" in keeper.locator("table.diff").inner_text()
    keeper.get_by_label("Что исправить").fill("Укажите режим работы чат-бота в особенностях")
    keeper.get_by_role("button", name="Вернуть на доработку").click()
    assert keeper.get_by_test_id("change-status").inner_text() == "Возвращено на доработку"

    employee.goto(change_url)
    assert "Укажите режим работы чат-бота" in employee.locator("main").inner_text()
    employee.get_by_role("link", name="Доработать").click()
    employee.get_by_label("Особенности взаимодействия").fill("Круглосуточно, ответ оператора в рабочее время")
    employee.get_by_role("button", name="Отправить на проверку повторно").click()
    assert employee.get_by_test_id("change-status").inner_text() == "На проверке"

    keeper.goto(change_url)
    keeper.get_by_role("button", name="Включить в перечень").click()
    assert "Изменение включено в перечень: версия 2" in keeper.locator("main").inner_text()
    keeper.goto("/staff/registry/")
    keeper.get_by_role("button", name="Опубликовать").click()
    assert "Версия 2 опубликована на портале." in keeper.locator("main").inner_text()

    public = chromium.new_context(base_url=live_server.url, locale="ru-RU", accept_downloads=True).new_page()
    public.goto("/o/smolensk/registry/")
    assert public.get_by_test_id("version-line").inner_text().startswith("Версия 2:")
    page_table = public.locator("table.registry").inner_text()
    assert "Чат-бот Министерства" in page_table
    public.get_by_role("link", name="Отличия от версии 1").click()
    assert (
        "Консультирование — Чат-бот Министерства (https://t.me/smolprom_bot)"
        in public.get_by_test_id("added").inner_text()
    )

    public.goto("/o/smolensk/registry/")
    files = {}
    for fmt in ("DOCX", "XLSX", "PDF", "CSV", "JSON"):
        with public.expect_download() as download:
            public.get_by_role("link", name=fmt, exact=True).click()
        files[fmt] = open(download.value.path(), "rb").read()  # noqa: SIM115
    docx_rows = [[c.text for c in row.cells] for row in Document(io.BytesIO(files["DOCX"])).tables[0].rows]
    assert [
        "2",
        "Консультирование",
        "Чат-бот Министерства\nhttps://t.me/smolprom_bot",
        "Получение консультации",
        "Цифровая точка\nКруглосуточно, ответ оператора в рабочее время",
    ] in docx_rows
    sheet = load_workbook(io.BytesIO(files["XLSX"])).active
    xlsx_touchpoints = [row[2] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert len(xlsx_touchpoints) == len(docx_rows) - 1 == public.locator("table.registry tbody tr").count()
    assert "Чат-бот Министерства\nhttps://t.me/smolprom_bot" in xlsx_touchpoints
    assert files["PDF"].startswith(b"%PDF")
    assert "Чат-бот Министерства" in files["CSV"].decode("utf-8")
    assert '"version": 2' in files["JSON"].decode("utf-8")
