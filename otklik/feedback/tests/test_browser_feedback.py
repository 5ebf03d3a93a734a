"""In a real browser: a survey is built, answered anonymously on the portal and by a personal link, the negative
answer becomes a follow-up task closed with measures, and the quarterly page shows the figures."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from otklik.feedback.models import AnonymousBufferEntry, FollowUpTask, Response
from otklik.feedback.sweeps import anonymous_buffer, anonymous_follow_up
from otklik.orgs.tests.factories import OrganisationFactory

from .factories import manager

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("secret-pass-1")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/staff/")


def test_survey_built_answered_followed_up_and_counted(page):
    organisation = OrganisationFactory(slug="minprom", name="Министерство промышленности", short_name="Минпром")
    boss = manager(organisation)

    # 1. Build a survey
    _log_in(page, boss.username)
    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Опросы", exact=True).click()
    page.get_by_role("link", name="Создать опрос").click()
    page.locator("#id_title").fill("Оценка профилактического визита")
    page.locator("#id_code").fill("visit")
    assert page.locator("#id_is_anonymous").is_checked()
    page.locator("#id_q-0-text").fill("Оцените визит в целом")
    page.locator("#id_q-0-kind").select_option("rating")
    page.locator("#id_q-0-required").check()
    page.locator("#id_q-0-code").fill("overall")
    page.locator("#id_q-1-text").fill("Что пошло не так?")
    page.locator("#id_q-1-kind").select_option("text")
    page.locator("#id_q-1-show_if_code").fill("overall")
    page.locator("#id_q-1-show_if_values").fill("1; 2; 3")
    page.get_by_role("button", name="Сохранить опрос").click()
    page.wait_for_url(re.compile(r"/staff/feedback/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Оценка профилактического визита"

    # 2. A personal one-time link after a preventive event
    page.get_by_label("После какого события").select_option("preventive_event")
    page.get_by_label("Номер мероприятия, услуги или обращения").fill("ПВ-12")
    page.get_by_role("button", name="Создать ссылку").click()
    link = page.get_by_test_id("invitation-url").inner_text()
    page.get_by_role("button", name="Выйти").click()

    # 3. Anonymous answer on the portal: errors announced, then accepted
    page.goto(f"/o/{organisation.slug}/")
    page.get_by_role("link", name=re.compile("Опросы")).click()
    page.get_by_role("link", name="Оценка профилактического визита").click()
    assert page.get_by_test_id("anonymity").inner_text().startswith("Опрос анонимный.")
    expect(page.get_by_label("Что пошло не так?")).to_be_hidden()
    page.get_by_role("button", name="Отправить анкету").click()
    assert "Оцените визит в целом: Ответьте, пожалуйста, на этот вопрос." in page.get_by_role("alert").inner_text()
    page.get_by_role("radiogroup", name=re.compile("Оцените визит")).get_by_label("5 — отлично").check()
    page.get_by_role("button", name="Отправить анкету").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Спасибо за ответы"

    # 4. The personal link: a low score shows the follow-up question; the link then stops working
    page.goto(link)
    page.get_by_label("2 — плохо").check()
    page.get_by_label("Что пошло не так?").fill("Инспектор нагрубил и ничего не объяснил")
    page.get_by_role("button", name="Отправить анкету").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Спасибо за ответы"
    page.goto(link)
    # the page posts the code from after «#» itself; the answer to that post says the link is used
    expect(page.get_by_role("heading", level=1)).to_have_text("Ссылка недействительна")
    assert "#" not in page.url
    # both answers wait sealed for the night's shuffled batch
    assert AnonymousBufferEntry.objects.count() == 2 and not Response.objects.exists()

    # 5. The night sweep writes the day's answers in one shuffled batch and opens the negative one's task
    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert anonymous_buffer(tomorrow) == {"written": 2, "unreadable": 0}
    assert anonymous_follow_up(tomorrow) == {"opened": 1}
    assert Response.objects.count() == 2 and FollowUpTask.objects.count() == 1

    # 6. The responsible person sees it on the dashboard and closes it with the measures taken
    _log_in(page, boss.username)
    assert "Открыто: 1, из них просрочено: 0." in page.get_by_test_id("follow-ups-open").inner_text()
    page.get_by_role("link", name="Оценка профилактического визита").click()
    assert "оценка 2" in page.get_by_test_id("reasons").inner_text()
    assert "похоже на жалобу («нагруб»)" in page.get_by_test_id("reasons").inner_text()
    page.get_by_label("Принятые меры").fill("Проведена беседа с инспектором, обновлена памятка для визитов")
    page.get_by_role("button", name="Закрыть с принятыми мерами").click()
    assert page.get_by_test_id("status").inner_text() == "Закрыта, меры приняты"

    # 7. The quarterly page: two ratings, one of them 4–5
    page.get_by_role("link", name="Удовлетворённость за квартал").click()
    assert page.get_by_test_id("csat").inner_text() == "50,0"
    assert page.get_by_test_id("ratings-total").inner_text() == "2"
    assert page.locator("svg").count() >= 2
