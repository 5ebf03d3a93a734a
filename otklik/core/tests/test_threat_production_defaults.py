"""Production defaults as an attacker, a browser and a load balancer see them: `check --deploy` is clean with a real
deployment's environment; gunicorn under config.settings.production redirects plain HTTP to HTTPS (but not the
health probe), sends HSTS, CSP and the frame and referrer headers, and gives staff a Secure, SameSite=Lax session
cookie that ends with the browser; a stolen session stops working after a working day."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django.utils import timezone

from otklik.core.tests.processes import database_url_of_this_test_run, free_port
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

HOST = "otklik.example.org"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HTTPS = {"X-Forwarded-Proto": "https"}


def production_env(database_url: str) -> dict[str, str]:
    """What a real deployment exports (README «Running in production»), nothing from this test run's settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "EMAIL_", "OTKLIK_", "SECURITY_"))
        and key not in ("DATABASE_URL", "CACHE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        CACHE_URL="redis://127.0.0.1:6379/14",
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        OTKLIK_PUBLIC_URL=f"https://{HOST}",
        SECURITY_CONTACT="security@example.org",
        OTKLIK_DATA_DIR=str(settings.DATA_DIR),
    )
    return env


def test_check_deploy_is_clean_in_a_real_deployments_environment():
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_env("postgres://otklik@127.0.0.1:5432/otklik"),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


@pytest.fixture
def production_server(transactional_db, tmp_path_factory) -> Iterator[int]:
    """gunicorn serving config.settings.production on loopback, as it runs behind the TLS proxy."""
    port = free_port()
    env = production_env(database_url_of_this_test_run())
    # As a deployment does: the static files collected first (the manifest storage refuses pages without them).
    env["DJANGO_STATIC_ROOT"] = str(tmp_path_factory.mktemp("static"))
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    process = subprocess.Popen(
        [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError as refused:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = process.stderr.read().decode() if process.stderr else ""
                    raise AssertionError(f"gunicorn did not start: {log}") from refused
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()


def fetch(port: int, method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


def cookies(headers) -> dict[str, object]:
    jar: dict[str, object] = {}
    for line in headers.get_all("Set-Cookie") or []:
        parsed = SimpleCookie()
        parsed.load(line)
        jar.update(parsed)
    return jar


def test_plain_http_is_redirected_to_https_but_the_health_probe_is_not(production_server):
    status, headers, _ = fetch(production_server, "GET", "/o/")
    assert status == 301 and headers["Location"] == f"https://{HOST}/o/"
    status, headers, body = fetch(production_server, "GET", "/health/")
    assert status == 200, body
    assert '"status": "ok"' in body


def test_https_answers_carry_hsts_csp_and_frame_and_referrer_headers(production_server):
    status, headers, _ = fetch(production_server, "GET", "/accounts/login/", HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_staff_session_cookie_is_secure_lax_and_ends_with_the_browser(production_server, organisation):
    user = member(organisation, RoleCode.REGISTRAR)
    # The production server checks passwords with its own (PBKDF2) hasher, not the test settings' fast one.
    user.password = PBKDF2PasswordHasher().encode("long-staff-pass-42", PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])

    _, headers, page = fetch(production_server, "GET", "/accounts/login/", HTTPS)
    first = cookies(headers)
    csrf_cookie = first[settings.CSRF_COOKIE_NAME]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urlencode({"username": user.username, "password": "long-staff-pass-42", "csrfmiddlewaretoken": token})
    status, headers, body = fetch(
        production_server,
        "POST",
        "/accounts/login/",
        {
            **HTTPS,
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/accounts/login/",
            "Cookie": f"{settings.CSRF_COOKIE_NAME}={csrf_cookie.value}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        form,
    )
    assert status == 302, body[:500]
    jar = cookies(headers)
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = jar[name]
        assert cookie["secure"] is True, name
        assert cookie["samesite"] == "Lax", name
        assert not cookie["expires"] and not cookie["max-age"], f"{name} must end with the browser"
    assert jar[settings.SESSION_COOKIE_NAME]["httponly"] is True


@pytest.mark.django_db
def test_a_stolen_staff_session_stops_working_after_a_working_day(client, organisation):
    user = member(organisation, RoleCode.REGISTRAR)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(user)
        assert client.get("/staff/").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=7), tick=False):
        assert client.get("/staff/").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=5), tick=False):
        response = client.get("/staff/")
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
