"""How to report a vulnerability: /.well-known/security.txt (RFC 9116) names the operator's security contact, and
`check --deploy` reminds an operator who has not set one."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

URL = "/.well-known/security.txt"


def fields(text: str) -> list[tuple[str, str]]:
    pairs = (line.split(":", 1) for line in text.splitlines() if line.strip())
    return [(name.strip(), value.strip()) for name, value in pairs]


def test_security_txt_names_the_contact_and_an_expiry_within_a_year(client, settings):
    settings.SECURITY_CONTACT = ["security@example.gov.ru", "https://example.gov.ru/report"]
    settings.PUBLIC_BASE_URL = "https://otklik.example.gov.ru"
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response.content.decode())
    assert ("Contact", "mailto:security@example.gov.ru") in found
    assert ("Contact", "https://example.gov.ru/report") in found
    assert ("Canonical", "https://otklik.example.gov.ru/.well-known/security.txt") in found
    assert ("Preferred-Languages", "ru, en") in found
    [expires] = [value for name, value in found if name == "Expires"]
    when = dt.datetime.fromisoformat(expires.replace("Z", "+00:00"))
    assert expires.endswith("Z") and timezone.now() < when < timezone.now() + dt.timedelta(days=365)


def test_without_a_contact_there_is_no_security_txt(client, settings):
    settings.SECURITY_CONTACT = []
    assert client.get(URL).status_code == 404


def test_check_deploy_reminds_the_operator_to_set_a_contact(settings, monkeypatch):
    # The browser fixture allows sync ORM calls inside Playwright's loop for this process; a deployment never does.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.SECURITY_CONTACT = []
    out, err = StringIO(), StringIO()
    call_command("check", "--deploy", stdout=out, stderr=err)
    assert "SECURITY_CONTACT" in out.getvalue() + err.getvalue()
    settings.SECURITY_CONTACT = ["security@example.gov.ru"]
    out, err = StringIO(), StringIO()
    call_command("check", "--deploy", stdout=out, stderr=err)
    assert "SECURITY_CONTACT" not in out.getvalue() + err.getvalue()
