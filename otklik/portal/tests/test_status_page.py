"""The public status page: the right number and code show the stage and the answer; anything else shows nothing."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache

from otklik.appeals.choices import IntakeChannel
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


@pytest.mark.django_db
def test_status_by_number_and_code(client, organisation):
    cache.clear()
    with time_machine.travel(dt.datetime(2026, 4, 1, 11, tzinfo=MSK), tick=False):
        registration = appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(
                kind="appeal",
                channel=IntakeChannel.PORTAL,
                text="…",
                author={"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"},
            ),
        )
        page = client.post(
            "/o/testorg/status/", {"number": registration.appeal.number, "access_code": registration.access_code}
        )
    html = page.content.decode()
    assert 'data-testid="public-status">Зарегистрировано<' in html
    assert "30.04.2026" in html and "осталось дней: 29" in html
    wrong = client.post("/o/testorg/status/", {"number": registration.appeal.number, "access_code": "AAAA-BBBB"})
    text = wrong.content.decode()
    assert "Обращение с таким номером и кодом доступа не найдено" in text
    assert "Зарегистрировано<" not in text
    assert client.get("/o/nowhere/status/").status_code == 404


@pytest.mark.django_db
def test_guessing_codes_is_slowed_down(client, organisation):
    cache.clear()
    for _ in range(30):
        client.post("/o/testorg/status/", {"number": "1-О/26", "access_code": "AAAA-AAAA"})
    blocked = client.post("/o/testorg/status/", {"number": "1-О/26", "access_code": "AAAA-AAAA"}).content.decode()
    assert "Слишком много попыток" in blocked
