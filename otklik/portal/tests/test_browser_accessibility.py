"""axe-core (pinned in package.json) in Debian's Chromium: no serious or critical WCAG 2.1 A/AA violation on any
portal page, in the normal and the low-vision mode; the mode persists and everything works from the keyboard."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from otklik.api.services import api_key_issue
from otklik.appeals.rating_links import rating_token
from otklik.clients.models import ClientAccount
from otklik.knowledge.models import FaqEntry
from otklik.orgs.models import Organisation

from .answered import answer_on_the_merits, registered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""


def serious_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol: an injected <script> element would be refused by the page's CSP.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.fixture
def portal(db):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make axe` (npm ci) first")
    call_command("load_preset", "dagestan", stdout=StringIO())
    organisation = Organisation.objects.get(slug="dagestan")
    FaqEntry.objects.create(
        organisation=organisation, question="Как подать обращение?", answer="Через форму на портале."
    )
    registration = registered(organisation)
    answer_on_the_merits(registration.appeal)
    ClientAccount.objects.create(email="petrova@example.org", password="!", confirmed_at=registration.appeal.created_at)
    api_key_issue(organisation=organisation, name="Приложение", contact_email="dev@example.org")
    return {"organisation": organisation, "registration": registration}


def visit_every_page(page, portal) -> dict[str, list[dict]]:
    """Each portal page in its states (empty form, form with errors, found appeal, key shown), axe on each."""
    registration = portal["registration"]
    appeal = registration.appeal
    found: dict[str, list[dict]] = {}

    def check(name: str) -> None:
        found[name] = serious_violations(page)

    for path in (
        "/o/dagestan/",
        "/o/dagestan/appeal/new/",
        "/o/dagestan/status/",
        "/o/dagestan/faq/",
        "/o/dagestan/registry/",
        "/o/dagestan/developers/",
        "/o/dagestan/account/signup/",
        "/o/dagestan/account/login/",
        f"/o/dagestan/rate/{rating_token(appeal)}/",
    ):
        page.goto(path)
        check(path)
    page.goto("/o/dagestan/appeal/new/")
    page.get_by_role("button", name="Отправить обращение").click()
    check("appeal form with errors")
    page.get_by_label(re.compile(r"^Фамилия")).fill("Петрова")
    page.get_by_label(re.compile(r"^Имя")).fill("Анна")
    page.get_by_label(re.compile(r"^Электронная почта")).fill("petrova@example.org")
    page.get_by_label(re.compile("^Текст обращения")).fill("Прошу починить фонари.")
    page.get_by_label(re.compile("Я согласен")).check()
    page.get_by_role("button", name="Отправить обращение").click()
    page.get_by_test_id("access-code").wait_for()
    check("appeal registered")
    page.goto("/o/dagestan/status/")
    page.get_by_label("Номер обращения").fill(appeal.number)
    page.get_by_label("Код доступа").fill(registration.access_code)
    page.get_by_role("button", name="Проверить").click()
    assert page.get_by_test_id("public-answer").is_visible()
    check("status with the answer and the rating form")
    page.goto("/o/dagestan/developers/")
    page.get_by_label("Название приложения").fill("Мой город")
    page.get_by_label("Электронная почта разработчика").fill("dev@example.org")
    page.get_by_role("button", name="Получить ключ").click()
    assert page.get_by_test_id("api-key").is_visible()
    check("developers with the key shown")
    page.goto("/o/dagestan/account/login/")
    page.get_by_role("button", name="Войти").click()
    check("sign-in with errors")
    return found


def test_no_serious_violations_in_normal_mode(page, portal):
    page.goto("/o/dagestan/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert "image-alt" in [v["id"] for v in serious_violations(page)]  # axe really runs and would catch it
    found = visit_every_page(page, portal)
    assert {name: v for name, v in found.items() if v} == {}


def test_no_serious_violations_in_low_vision_mode_which_persists(page, portal, live_server):
    page.goto("/o/dagestan/")
    page.get_by_test_id("low-vision-toggle").click()
    assert page.locator("body.low-vision").count() == 1
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert size >= 24  # large type
    page.goto("/o/dagestan/faq/")  # another page: the mode is remembered
    assert page.locator("body.low-vision").count() == 1
    assert page.get_by_test_id("low-vision-toggle").get_attribute("aria-pressed") == "true"
    found = visit_every_page(page, portal)
    assert page.locator("body.low-vision").count() == 1
    assert {name: v for name, v in found.items() if v} == {}
    page.get_by_test_id("low-vision-toggle").click()
    assert page.locator("body.low-vision").count() == 0


def test_the_portal_works_from_the_keyboard(page, portal):
    page.goto("/o/dagestan/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Перейти к содержанию"
    for _ in range(12):  # the low-vision switch is reachable with Tab and works with Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "low-vision-toggle":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("body.low-vision")
    page.goto("/o/dagestan/status/")
    page.get_by_label("Номер обращения").focus()
    page.keyboard.type(portal["registration"].appeal.number)
    page.keyboard.press("Tab")
    page.keyboard.type(portal["registration"].access_code)
    page.keyboard.press("Enter")
    page.get_by_test_id("public-answer").wait_for()
    page.get_by_role("radio", name="5 — отлично").focus()
    page.keyboard.press("Space")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Оценить ответ":
            break
    page.keyboard.press("Enter")
    page.get_by_test_id("rating-thanks").wait_for()
    assert "5 из 5" in page.get_by_test_id("rating-thanks").inner_text()
