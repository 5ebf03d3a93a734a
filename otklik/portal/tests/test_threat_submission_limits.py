"""A flood of appeals from one address or one e-mail: the first pass, then a question to answer, then a refusal;
a forged X-Forwarded-For gains nothing and no appeal that got a number is lost."""

import itertools
import re

import pytest

from otklik.appeals.models import Appeal

pytestmark = pytest.mark.django_db

NEW = "/o/testorg/appeal/new/"
forged = (f"203.0.113.{n % 250}, 198.18.0.{n % 250}" for n in itertools.count(1))
QUESTION = re.compile(r"Сколько будет (\d+) (плюс|минус) (\d+)\?")


@pytest.fixture
def limits(settings):
    settings.OTKLIK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.OTKLIK_SUBMISSION_LIMITS = {
        **settings.OTKLIK_SUBMISSION_LIMITS,
        "appeal": {"per_address": 20, "per_email": 10, "challenge_from": 5, "seconds": 3600},
    }


def hidden(html: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


def answer(html: str) -> str | None:
    found = QUESTION.search(html)
    if found is None:
        return None
    a, op, b = int(found.group(1)), found.group(2), int(found.group(3))
    return str(a + b if op == "плюс" else a - b)


def data(html: str, n: int, email: str, reply: str | None) -> dict:
    body = {
        "kind": "appeal",
        "author_kind": "person",
        "last_name": f"Иванов{n}",
        "first_name": "Пётр",
        "email": email,
        "text": f"Обращение номер {n}: прошу починить фонарь у дома {n}.",
        "consent": "on",
        "submission_key": hidden(html, "submission_key"),
    }
    if reply is not None:
        body |= {"challenge_token": hidden(html, "challenge_token"), "challenge_answer": reply}
    return body


def test_forty_appeals_from_one_address_pass_then_ask_then_are_refused(client, organisation, limits):
    outcomes, accepted = [], []
    for n in range(40):
        extra = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": next(forged)}
        form = client.get(NEW, **extra).content.decode()
        reply = answer(form)
        response = client.post(NEW, data(form, n, f"citizen{n}@example.org", reply), **extra)
        if response.status_code == 302:
            outcomes.append("asked" if reply else "passed")
            page = client.get(response["Location"]).content.decode()
            accepted.append((f"Обращение номер {n}:", re.search(r"\d+-О/\d\d", page).group(0)))
        else:
            assert response.status_code == 429, n
            page = response.content.decode()
            assert "Слишком много обращений с вашего адреса" in page and "Попробуйте снова после" in page
            assert f'value="Иванов{n}"' in page and f"прошу починить фонарь у дома {n}." in page  # input kept
            outcomes.append("refused")
    assert outcomes == ["passed"] * 5 + ["asked"] * 15 + ["refused"] * 20
    registered = {appeal.number: appeal.text for appeal in Appeal.objects.all()}
    assert len(registered) == 20
    assert all(registered[number].startswith(text) for text, number in accepted)


def test_the_question_must_be_answered_rightly_and_only_once(client, organisation, limits, settings):
    settings.OTKLIK_SUBMISSION_LIMITS = {
        **settings.OTKLIK_SUBMISSION_LIMITS,
        "appeal": {"per_address": 20, "per_email": 10, "challenge_from": 0, "seconds": 3600},
    }
    form = client.get(NEW).content.decode()
    right = answer(form)
    assert right is not None and 'name="challenge_answer"' in form and "<script" not in form.split("challenge")[1][:400]

    silent = client.post(NEW, data(form, 1, "a@example.org", ""))
    page = silent.content.decode()
    assert silent.status_code == 200 and "Ответьте на проверочный вопрос" in page and 'value="Иванов1"' in page
    wrong = client.post(NEW, data(form, 1, "a@example.org", str(int(right) + 1)))
    assert "Ответ на проверочный вопрос неверен" in wrong.content.decode()
    # The same question twice is refused, even with the right answer: every form gets a new one.
    replay = client.post(NEW, data(form, 1, "a@example.org", right))
    assert replay.status_code == 200 and "проверочный вопрос" in replay.content.decode()
    fresh = replay.content.decode()
    assert hidden(fresh, "challenge_token") != hidden(form, "challenge_token")
    assert client.post(NEW, data(fresh, 1, "a@example.org", answer(fresh))).status_code == 302
    assert Appeal.objects.count() == 1


def test_one_e_mail_from_many_real_addresses_is_limited_too(client, organisation, limits):
    codes = []
    for n in range(12):
        extra = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": f"192.0.2.{n + 1}"}
        form = client.get(NEW, **extra).content.decode()
        response = client.post(NEW, data(form, n, "same@example.org", answer(form)), **extra)
        codes.append(response.status_code)
        if response.status_code == 429:
            assert "Слишком много обращений с этой электронной почты" in response.content.decode()
    assert codes == [302] * 10 + [429] * 2
    assert Appeal.objects.count() == 10
