"""In a real browser: a citizen submits, tracks with the access code, receives the answer by SMTP and rates it."""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from otklik.appeals.models import AnswerRating, Appeal

from .answered import answer_on_the_merits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_submit_track_receive_the_answer_and_rate(page, smtp_server):
    call_command("load_preset", "dagestan", stdout=StringIO())
    page.goto("/o/dagestan/")
    page.get_by_role("link", name="Подать обращение").click()
    page.get_by_label(re.compile(r"^Фамилия")).fill("Петрова")
    page.get_by_label(re.compile(r"^Имя")).fill("Анна")
    page.get_by_label(re.compile(r"^Электронная почта")).fill("petrova@example.org")
    page.get_by_label(re.compile("^Текст обращения")).fill("Прошу отремонтировать освещение на улице Ленина.")
    page.get_by_label(re.compile("Я согласен")).check()
    page.get_by_role("button", name="Отправить обращение").click()
    number = page.get_by_test_id("appeal-number").inner_text()
    code = page.get_by_test_id("access-code").inner_text()
    acknowledgement = next(m for m in smtp_server if number in m["Subject"])
    assert code in acknowledgement.get_content()

    page.get_by_role("link", name="Проверить обращение").first.click()
    page.get_by_label("Номер обращения").fill(number)
    page.get_by_label("Код доступа").fill(code)
    page.get_by_role("button", name="Проверить").click()
    assert page.get_by_test_id("public-status").inner_text() == "Зарегистрировано"
    assert "Ответ будет направлен не позднее" in page.get_by_test_id("appeal-status-card").inner_text()
    assert page.get_by_role("button", name="Оценить ответ").count() == 0

    answer_on_the_merits(Appeal.objects.get(number=number), text="Освещение восстановят до 1 декабря.")
    letter = next(m for m in smtp_server if "ответ на обращение" in m["Subject"])
    assert letter["To"] == "petrova@example.org" and "Освещение восстановят" in letter.get_content()
    link = re.search(r"http://\S+/rate/\S+/", letter.get_content()).group(0)

    page.goto(urlsplit(link).path)  # the link from the e-mail, on this test server
    page.get_by_role("button", name="Оценить ответ").click()
    assert "Выберите оценку от 1 до 5." in page.locator("main").inner_text()
    page.get_by_label("Комментарий").fill("Быстро и по делу.")
    page.get_by_role("button", name="Оценить ответ").click()
    assert page.get_by_label("Комментарий").input_value() == "Быстро и по делу."  # kept after the error
    page.get_by_role("radio", name="4").check()
    page.get_by_role("button", name="Оценить ответ").click()
    assert "Ваша оценка ответа: 4 из 5" in page.get_by_test_id("rating-thanks").inner_text()
    rating = AnswerRating.objects.get(appeal__number=number)
    assert (rating.score, rating.comment) == (4, "Быстро и по делу.")

    page.goto("/o/dagestan/status/")
    page.get_by_label("Номер обращения").fill(number)
    page.get_by_label("Код доступа").fill(code)
    page.get_by_role("button", name="Проверить").click()
    assert page.get_by_test_id("public-status").inner_text() == "Ответ направлен"
    assert "Освещение восстановят" in page.get_by_test_id("public-answer").inner_text()
    assert "4 из 5" in page.get_by_test_id("rating-thanks").inner_text()


GUARD_PROBE = """() => {
  const seen = [];
  window.addEventListener('submit', (event) => { seen.push(event.defaultPrevented); event.preventDefault(); });
  const form = document.querySelector('form[data-submit-once]');
  form.requestSubmit();
  form.requestSubmit();
  return seen;
}"""


def test_forms_are_sent_once_however_often_they_are_submitted(page):
    from otklik.orgs.tests.factories import OrganisationFactory

    OrganisationFactory(slug="testorg")
    for path in ("/o/testorg/developers/", "/o/testorg/account/signup/"):
        page.goto(path)
        assert page.evaluate(GUARD_PROBE) == [False, True]  # the second submission is stopped by the page
