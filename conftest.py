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


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Rate-limit counters and cached values never leak from one test into the next."""
    from django.core.cache import cache

    from otklik.core.memo import forget_all

    cache.clear()
    forget_all()
    yield
    cache.clear()
    forget_all()


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


@pytest.fixture
def smtp_server(settings) -> Iterator[list]:
    """A real SMTP server on loopback (aiosmtpd); Django sends through it; the list fills with messages."""
    import email
    import socket

    from aiosmtpd.controller import Controller

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    try:
        yield received
    finally:
        controller.stop()
