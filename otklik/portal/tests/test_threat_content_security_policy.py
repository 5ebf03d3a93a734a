"""A Content-Security-Policy on every page, in every settings file: script only from our own files, so that a
script an attacker slips into a page never runs; and no page needs an exception (no inline script, handler or style).
The browser half (no violation reported by Chromium) is in test_threat_csp_in_the_browser.py."""

import re

import pytest
from django.test import Client

from otklik.appeals.rating_links import rating_token
from otklik.feedback.tests.factories import client_survey
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UnitFactory, member
from otklik.touchpoints.tests.factories import approved_registry

from .answered import answer_on_the_merits, registered

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style[\s>]", re.IGNORECASE),
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def assert_strict_page(response, name: str) -> None:
    assert response.status_code == 200, (name, response.status_code)
    assert directives(response["Content-Security-Policy"]) == EXPECTED, name
    html = response.content.decode()
    for what, pattern in INLINE.items():
        found = pattern.search(html)
        assert found is None, f"{name}: {what} {found.group(0) if found else ''}"


@pytest.fixture
def portal_pages(organisation):
    registration = registered(organisation)
    answer_on_the_merits(registration.appeal)
    client_survey(organisation)
    approved_registry(organisation)
    return {
        "organisation": f"/o/{organisation.slug}/",
        "appeal form": f"/o/{organisation.slug}/appeal/new/",
        "status": f"/o/{organisation.slug}/status/",
        "faq": f"/o/{organisation.slug}/faq/",
        "registry": f"/o/{organisation.slug}/registry/",
        "developers": f"/o/{organisation.slug}/developers/",
        "account sign-up": f"/o/{organisation.slug}/account/signup/",
        "survey list": f"/o/{organisation.slug}/feedback/",
        "survey": f"/o/{organisation.slug}/feedback/s/knm/",
        "rating": f"/o/{organisation.slug}/rate/{rating_token(registration.appeal)}/",
    }


def test_every_portal_page_has_the_strict_policy_and_nothing_inline(client, portal_pages, organisation):
    for name, path in portal_pages.items():
        assert_strict_page(client.get(path), name)
    with_errors = client.post(f"/o/{organisation.slug}/appeal/new/", {})
    assert_strict_page(with_errors, "appeal form with errors")


def test_staff_pages_and_the_appeal_card_have_the_strict_policy_and_nothing_inline(client, organisation):
    appeal = registered(organisation).appeal
    UnitFactory(organisation=organisation, name="Отдел", parent=UnitFactory(organisation=organisation))
    assert_strict_page(Client().get("/accounts/login/"), "login")
    client.force_login(member(organisation, RoleCode.REGISTRAR, RoleCode.HEAD))
    for name, path in {
        "dashboard": "/staff/",
        "organisation": "/staff/organisation/",
        "queue": "/staff/appeals/",
        "card": f"/staff/appeals/{appeal.pk}/",
    }.items():
        assert_strict_page(client.get(path), name)


def test_api_documentation_pages_load_nothing_from_the_internet_and_run_no_inline_script(client):
    swagger = client.get("/api/docs/")
    assert_strict_page(swagger, "swagger")
    assert "https://" not in swagger.content.decode()
    redoc = client.get("/api/redoc/")
    html = redoc.content.decode()
    assert INLINE["inline script"].search(html) is None and "https://" not in html
    # Redoc alone may style itself inline and search in a blob: worker; its scripts are still only our files.
    assert directives(redoc["Content-Security-Policy"]) == {
        **EXPECTED,
        "style-src": "'self' 'unsafe-inline'",
        "worker-src": "'self' blob:",
    }
