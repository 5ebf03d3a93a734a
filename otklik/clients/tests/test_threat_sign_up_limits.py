"""Sign-ups and confirmation mails cannot be used to flood the portal or someone's mailbox."""

import itertools
import re

import pytest

from otklik.clients.models import ClientAccount

pytestmark = pytest.mark.django_db(transaction=True)  # letters leave on commit

SIGN_UP = "/o/testorg/account/signup/"
PASSWORD = "Kashtan-2026-svet"
forged = (f"203.0.113.{n % 250}" for n in itertools.count(1))
QUESTION = re.compile(r"Сколько будет (\d+) (плюс|минус) (\d+)\?")


@pytest.fixture
def limits(settings):
    settings.OTKLIK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.OTKLIK_SUBMISSION_LIMITS = {
        **settings.OTKLIK_SUBMISSION_LIMITS,
        "sign_up": {"per_address": 10, "per_email": 10, "challenge_from": 3, "seconds": 3600},
        "confirmation_mail": {"per_address": 0, "per_email": 3, "challenge_from": None, "seconds": 86400},
    }


def hidden(html: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


def sign_up_data(html: str, email: str) -> dict:
    body = {"email": email, "password": PASSWORD, "submission_key": hidden(html, "submission_key")}
    found = QUESTION.search(html)
    if found:
        a, op, b = int(found.group(1)), found.group(2), int(found.group(3))
        body |= {
            "challenge_token": hidden(html, "challenge_token"),
            "challenge_answer": str(a + b if op == "плюс" else a - b),
        }
    return body


def test_forty_sign_ups_from_one_address_pass_then_ask_then_are_refused(client, organisation, limits, mailoutbox):
    outcomes = []
    for n in range(40):
        extra = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": next(forged)}
        form = client.get(SIGN_UP, **extra).content.decode()
        body = sign_up_data(form, f"citizen{n}@example.org")
        response = client.post(SIGN_UP, body, **extra)
        page = response.content.decode()
        if "Мы отправили письмо" in page:
            outcomes.append("asked" if "challenge_answer" in body else "passed")
        else:
            assert response.status_code == 429, page
            assert "Слишком много регистраций с вашего адреса" in page and "Попробуйте снова после" in page
            assert f'value="citizen{n}@example.org"' in page
            outcomes.append("refused")
    assert outcomes == ["passed"] * 3 + ["asked"] * 7 + ["refused"] * 30
    assert ClientAccount.objects.count() == 10 and len(mailoutbox) == 10


def test_confirmation_mails_to_one_address_are_limited(client, organisation, limits, mailoutbox):
    """Someone signing up with another person's e-mail again and again cannot flood that mailbox."""
    codes = []
    for n in range(5):
        extra = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": f"192.0.2.{n + 1}"}
        form = client.get(SIGN_UP, **extra).content.decode()
        response = client.post(SIGN_UP, sign_up_data(form, "victim@example.org"), **extra)
        codes.append(response.status_code)
    assert codes == [200, 200, 200, 429, 429]
    assert len(mailoutbox) == 3
    assert "Письмо для подтверждения этого адреса уже отправлялось" in response.content.decode()


def test_a_double_click_sends_one_mail_and_a_missing_key_is_refused(client, organisation, limits, mailoutbox):
    form = client.get(SIGN_UP).content.decode()
    body = sign_up_data(form, "petrova@example.org")
    assert "Мы отправили письмо" in client.post(SIGN_UP, body).content.decode()
    assert "Мы отправили письмо" in client.post(SIGN_UP, body).content.decode()
    assert len(mailoutbox) == 1

    keyless = client.post(SIGN_UP, {**body, "email": "other@example.org", "submission_key": ""})
    page = keyless.content.decode()
    assert "Форма пришла без ключа отправки" in page and 'value="other@example.org"' in page
    assert hidden(page, "submission_key")  # a fresh key: the next «Зарегистрироваться» goes through
    assert len(mailoutbox) == 1 and not ClientAccount.objects.filter(email="other@example.org").exists()
