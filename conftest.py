"""Fixtures shared by every room's tests: an organisation, and Debian's Chromium driven by Playwright."""

import os
from collections.abc import Iterator

import pytest

from otklik.orgs.tests.factories import OrganisationFactory

CHROMIUM = os.environ.get("OTKLIK_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium off the network: only our live server on loopback is reachable.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def russian_by_default() -> Iterator[None]:
    """Each test starts in Russian, whatever language an earlier request switched the thread to."""
    from django.utils import translation

    with translation.override("ru"):
        yield


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="testorg", name="Тестовое министерство", short_name="Тестовое министерство")


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One headless Debian Chromium for the session (Playwright never downloads a browser here)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls in browser tests are ours.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server) -> Iterator[object]:
    context = chromium.new_context(base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
