"""In a real browser: a citizen writes through the portal, staff answer and sign, the answer arrives by SMTP,
the controller closes the appeal, and the citizen sees it on the status page."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from otklik.appeals.models import ClassifierNode

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


def test_one_appeal_from_the_portal_to_closing(chromium, live_server, smtp_server):
    call_command("load_preset", "dagestan", stdout=StringIO())
    call_command("load_demo_accounts", "--password", PASSWORD, stdout=StringIO())
    ClassifierNode.objects.create(
        code="0003.0009.0099.0001",
        name="Лицензирование заготовки лома черных металлов",
        level=4,
        section_code="0003",
        edition="t",
    )

    citizen = chromium.new_context(base_url=live_server.url, locale="ru-RU").new_page()
    citizen.goto("/o/dagestan/appeal/new/")
    citizen.get_by_label(re.compile(r"^Фамилия")).fill("Петрова")
    citizen.get_by_label(re.compile(r"^Имя")).fill("Анна")
    citizen.get_by_label(re.compile(r"^Электронная почта")).fill("petrova@example.org")
    citizen.get_by_label(re.compile("^Текст обращения")).fill("Прошу разъяснить порядок продления лицензии на лом.")
    citizen.get_by_label(re.compile("Я согласен")).check()
    citizen.get_by_role("button", name="Отправить обращение").click()
    number = citizen.get_by_test_id("appeal-number").inner_text()
    code = citizen.get_by_test_id("access-code").inner_text()
    assert any(number in message["Subject"] for message in smtp_server)  # the acknowledgement

    controller = _staff(chromium, live_server, "dagestan-controller")
    controller.goto("/staff/appeals/")
    controller.get_by_role("link", name=number).click()
    controller.get_by_label("Исполнитель").select_option(label="Демо Исполнитель")
    controller.get_by_role("button", name="Поставить на контроль и назначить исполнителя").click()
    assert "Обращение на контроле" in controller.locator("main").inner_text()
    card_url = controller.url

    executor = _staff(chromium, live_server, "dagestan-executor")
    executor.goto(card_url)
    executor.get_by_label("Код темы по классификатору").fill("0003.0009.0099.0001")
    executor.get_by_role("button", name="Добавить вопрос").click()
    executor.get_by_label("Итог (п. 2.2)").select_option("solved")
    executor.get_by_label("Текст ответа").fill("Для продления лицензии подайте заявление через портал госуслуг.")
    executor.get_by_role("button", name="Сохранить проект ответа").click()
    assert "Проект ответа подготовлен" in executor.locator("main").inner_text()

    head = _staff(chromium, live_server, "dagestan-head")
    head.goto(card_url)
    head.get_by_role("button", name="Согласовать").click()
    head.get_by_role("button", name="Подписать").click()
    assert "Ответ подписан, исх. №" in head.locator("main").inner_text()

    executor.goto(card_url)
    executor.get_by_role("button", name="Направить автору").click()
    answers = [m for m in smtp_server if "ответ на обращение" in m["Subject"]]
    assert len(answers) == 1 and answers[0]["To"] == "petrova@example.org"
    assert "подайте заявление через портал госуслуг" in answers[0].get_content()
    executor.get_by_label("Результат вопроса 1").select_option("explained")
    executor.get_by_role("button", name="Сохранить").click()

    controller.goto(card_url)
    controller.get_by_role("button", name="Завершить рассмотрение").click()
    assert controller.get_by_test_id("appeal-status").inner_text() == "Рассмотрение завершено"

    citizen.goto("/o/dagestan/status/")
    citizen.get_by_label("Номер обращения").fill(number)
    citizen.get_by_label("Код доступа").fill(code)
    citizen.get_by_role("button", name="Проверить").click()
    assert citizen.get_by_test_id("public-status").inner_text() == "Рассмотрение завершено"
    assert "портал госуслуг" in citizen.get_by_test_id("public-answer").inner_text()
