"""In Debian's Chromium with the Content-Security-Policy on: the portal pages, the staff shell and the appeal card
work as before (scripts moved to static files) and Chromium reports no policy violation in the console."""

import re

import pytest
from playwright.sync_api import expect

from otklik.appeals.rating_links import rating_token
from otklik.feedback.tests.factories import client_survey
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, UnitFactory, member
from otklik.touchpoints.tests.factories import approved_registry

from .answered import answer_on_the_merits, registered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_policy(page) -> list[str]:
    """Every console line in which Chromium reports a refused script, style, image, frame or form."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_portal_pages_run_their_scripts_without_a_policy_violation(page):
    organisation = OrganisationFactory(slug="smolgorod", name="Администрация города Смоленска", short_name="Смоленск")
    registration = registered(organisation)
    answer_on_the_merits(registration.appeal)
    client_survey(organisation)
    approved_registry(organisation)
    violations = watch_policy(page)

    for path in ("", "status/", "faq/", "registry/", "developers/", "account/signup/", "feedback/"):
        response = page.goto(f"/o/smolgorod/{path}")
        assert response.headers["content-security-policy"].count("script-src 'self'") == 1
    page.goto(f"/o/smolgorod/rate/{rating_token(registration.appeal)}/")

    # The appeal form: the organisation's name is asked only when an organisation writes; errors take the focus.
    page.goto("/o/smolgorod/appeal/new/")
    organisation_name = page.get_by_label(re.compile("^Наименование организации"))
    expect(organisation_name).to_be_hidden()
    page.get_by_label("Организация", exact=True).check()
    expect(organisation_name).to_be_visible()
    page.get_by_label("Гражданин", exact=True).check()
    expect(organisation_name).to_be_hidden()
    page.get_by_role("button", name="Отправить обращение").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "error-summary"

    # The survey: a follow-up question appears only for a low score.
    page.goto("/o/smolgorod/feedback/s/knm/")
    follow_up = page.get_by_label(re.compile("^Что не понравилось"))
    expect(follow_up).to_be_hidden()
    page.get_by_role("radiogroup", name=re.compile("Оцените мероприятие")).get_by_label("2 — плохо").check()
    expect(follow_up).to_be_visible()

    # The low-vision mode and the language switch (a select that submits itself).
    page.goto("/o/smolgorod/")
    page.get_by_test_id("low-vision-toggle").click()
    assert "low-vision" in (page.locator("body").get_attribute("class") or "")
    page.get_by_label("Язык").select_option("en")
    page.wait_for_function("document.documentElement.lang === 'en'")

    assert violations == []


def test_staff_shell_and_appeal_card_run_without_a_policy_violation(page):
    organisation = OrganisationFactory(slug="smolgorod", name="Администрация города Смоленска", short_name="Смоленск")
    UnitFactory(organisation=organisation, name="Отдел", parent=UnitFactory(organisation=organisation))
    appeal = registered(organisation).appeal
    registrar = member(organisation, RoleCode.REGISTRAR, RoleCode.HEAD)
    violations = watch_policy(page)

    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(registrar.username)
    page.get_by_label("Пароль").fill("secret-pass-1")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/staff/")
    for path in ("/staff/organisation/", "/staff/appeals/", "/admin/"):
        page.goto(path)
    card = page.goto(f"/staff/appeals/{appeal.pk}/")
    assert card.status == 200 and appeal.number in page.locator("h1").inner_text()
    assert card.headers["content-security-policy"].count("script-src 'self'") == 1
    # The classifier picker asks the server through htmx as one types.
    with page.expect_response(re.compile("/staff/appeals/classifier/")):
        page.locator("input[hx-get]").press_sequentially("0003")
    for docs in ("/api/docs/", "/api/redoc/"):
        page.goto(docs)
        page.get_by_role("heading", name=re.compile("Otklik API")).first.wait_for()

    # Redoc's footer always asks cdn.redoc.ly for its logo (no option turns it off): the policy refusing it is the
    # point (nothing loads from the internet), so that one refusal is expected; anything else is a violation.
    redoc_logo = [line for line in violations if "/api/redoc/" in line and "https://cdn.redoc.ly/" in line]
    assert [line for line in violations if line not in redoc_logo] == []
