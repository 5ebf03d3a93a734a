"""Every submitting portal form carries a one-time key: a missing one is refused in Russian with the input kept, and
a key is the sender's own — someone else's key neither reveals nor blocks anything."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from otklik.appeals.models import AnswerRating, Appeal

from .answered import answer_on_the_merits, registered

pytestmark = pytest.mark.django_db

NEW = "/o/testorg/appeal/new/"
MISSING = "Форма пришла без ключа отправки"


def hidden(html: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


def appeal_data(key: str, **overrides) -> dict:
    return {
        "kind": "appeal",
        "author_kind": "person",
        "last_name": "Смирнова",
        "first_name": "Ольга",
        "email": "smirnova@example.org",
        "text": "Во дворе дома № 12 не горят фонари.",
        "consent": "on",
        "submission_key": key,
    } | overrides


def test_an_appeal_without_a_key_is_refused_with_the_input_kept(client, organisation):
    response = client.post(NEW, appeal_data(""))
    page = response.content.decode()
    assert response.status_code == 200 and MISSING in page
    assert 'value="Смирнова"' in page and "Во дворе дома № 12 не горят фонари." in page
    assert Appeal.objects.count() == 0
    fresh = hidden(page, "submission_key")
    assert fresh
    assert client.post(NEW, appeal_data(fresh)).status_code == 302
    assert Appeal.objects.count() == 1


def test_someone_elses_key_registers_their_own_appeal_and_reveals_nothing(organisation):
    victim, attacker = Client(), Client()
    key = hidden(victim.get(NEW).content.decode(), "submission_key")
    assert victim.post(NEW, appeal_data(key)).status_code == 302
    # The attacker learnt the key and the text (a shared computer), and sends them under their own name.
    stolen = attacker.post(
        NEW, appeal_data(key, last_name="Злоумышленников", first_name="Иван", email="attacker@example.org")
    )
    assert stolen.status_code == 302
    page = attacker.get(stolen["Location"]).content.decode()
    assert "smirnova@example.org" not in page and "attacker@example.org" in page
    assert Appeal.objects.count() == 2
    # The victim's own double submit still gives back their one appeal.
    again = victim.post(NEW, appeal_data(key))
    assert again.status_code == 302 and Appeal.objects.count() == 2


def test_the_rating_form_requires_its_key(client, organisation, django_capture_on_commit_callbacks):
    appeal = registered(organisation).appeal
    with django_capture_on_commit_callbacks(execute=True):
        answer_on_the_merits(appeal)
    answer_mail = next(m for m in mail.outbox if "ответ на обращение" in m.subject)
    path = urlsplit(re.search(r"http://\S+/o/testorg/rate/\S+/", answer_mail.body).group(0)).path
    form = client.get(path).content.decode()
    key = hidden(form, "submission_key")
    assert key
    refused = client.post(path, {"score": "4", "comment": "Долго", "submission_key": ""}).content.decode()
    assert MISSING in refused and "Долго" in refused and not AnswerRating.objects.exists()
    thanks = client.post(path, {"score": "4", "comment": "Долго", "submission_key": hidden(refused, "submission_key")})
    assert "Ваша оценка ответа: 4 из 5" in thanks.content.decode()


def test_the_status_page_rating_form_carries_a_key(client, organisation):
    registration = registered(organisation)
    answer_on_the_merits(registration.appeal)
    page = client.post(
        "/o/testorg/status/", {"number": registration.appeal.number, "access_code": registration.access_code}
    ).content.decode()
    assert "Оценить ответ" in page and hidden(page, "submission_key")
