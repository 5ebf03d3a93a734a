"""In a real browser: a citizen forgets the consent, keeps the text, ticks it and gets the number and the code."""

import re

import pytest

from otklik.appeals.models import Appeal
from otklik.appeals.services import access_code_hash
from otklik.orgs.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Прошу проверить качество уборки снега на остановке «Площадь Победы»: "
    "третью неделю пассажирам приходится выходить прямо в сугроб."
)


def test_a_citizen_submits_an_appeal_and_sees_the_number_and_code(page):
    organisation = OrganisationFactory(
        slug="smolgorod", name="Администрация города Смоленска", short_name="Администрация"
    )
    page.goto(f"/o/{organisation.slug}/")
    page.get_by_role("link", name="Подать обращение").click()
    page.wait_for_url(f"**/o/{organisation.slug}/appeal/new/")

    page.get_by_label(re.compile(r"^Фамилия")).fill("Кузнецов")
    page.get_by_label(re.compile(r"^Имя")).fill("Андрей")
    page.get_by_label(re.compile(r"^Отчество")).fill("Николаевич")
    page.get_by_label("Электронная почта").fill("kuznetsov@example.org")
    page.get_by_label("Форма обращения").select_option("complaint")
    page.get_by_label(re.compile(r"^Текст обращения")).fill(TEXT)
    page.get_by_role("button", name="Отправить обращение").click()

    summary = page.get_by_role("alert")
    assert "Без согласия на обработку персональных данных обращение не может быть отправлено." in summary.inner_text()
    assert page.get_by_label(re.compile(r"^Текст обращения")).input_value() == TEXT
    assert page.get_by_label(re.compile(r"^Фамилия")).input_value() == "Кузнецов"
    assert not Appeal.objects.exists()

    page.get_by_role("checkbox", name=re.compile(r"^Я согласен\(на\) на обработку персональных данных")).check()
    page.get_by_role("button", name="Отправить обращение").click()
    page.wait_for_url(re.compile(r"/appeal/\d+/done/$"))

    appeal = Appeal.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == "Обращение зарегистрировано"
    assert page.get_by_test_id("appeal-number").inner_text() == appeal.number
    code = page.get_by_test_id("access-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert access_code_hash(code) == appeal.access_code_hash
    assert "kuznetsov@example.org" in page.get_by_test_id("ack-email").inner_text()
    assert (appeal.channel, appeal.text, appeal.author.last_name) == ("portal", TEXT, "Кузнецов")
