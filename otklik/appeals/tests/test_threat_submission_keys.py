"""The staff registration form and the service require a submission key: a missing one is refused, the input kept."""

import re

import pytest

from otklik.appeals.models import Appeal
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

pytestmark = pytest.mark.django_db

MISSING = "Форма пришла без ключа отправки"


def letter(key: str) -> dict:
    return {
        "kind": "appeal",
        "channel": "post",
        "received_at": "2026-03-03T10:00",
        "registered_on": "2026-03-04",
        "author_kind": "person",
        "last_name": "Кузнецов",
        "first_name": "Павел",
        "postal_address": "214000, г. Смоленск, ул. Большая Советская, 1",
        "text": "Жалоба на отсутствие ответа из отдела.",
        "submission_key": key,
    }


def test_the_staff_form_refuses_a_letter_without_a_key_and_keeps_it(client, organisation):
    client.force_login(member(organisation, RoleCode.REGISTRAR))
    response = client.post("/staff/appeals/new/", letter(""))
    page = response.content.decode()
    assert response.status_code == 200 and MISSING in page
    assert 'value="Кузнецов"' in page and "Жалоба на отсутствие ответа из отдела." in page
    assert not Appeal.objects.exists()
    fresh = re.search(r'<input type="hidden" name="submission_key" value="([^"]+)"', page).group(1)
    assert client.post("/staff/appeals/new/", letter(fresh)).status_code == 302
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize("key", ["", "   ", "x" * 65])
def test_the_service_refuses_a_missing_or_overlong_key_from_every_adapter(organisation, key):
    with pytest.raises(ApplicationError) as refused:
        appeal_register(actor=None, organisation=organisation, intake=appeal_intake(submission_key=key))
    assert refused.value.field == "submission_key" and re.search(r"ключа? отправки", refused.value.message)
    assert not Appeal.objects.exists()
