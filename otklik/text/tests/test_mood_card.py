"""The appeal card says how the text reads: mood, content kind, and a typed ground to review for an insulting text."""

import pytest

from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member


def card_of(client, organisation, text):
    registrar = member(organisation, RoleCode.REGISTRAR)
    appeal = appeal_register(actor=registrar, organisation=organisation, intake=appeal_intake(text=text)).appeal
    client.force_login(registrar)
    return client.get(f"/staff/appeals/{appeal.pk}/").content.decode()


@pytest.mark.django_db
def test_a_complaint_reads_negative_with_its_kind(client, organisation):
    html = card_of(
        client, organisation, "Жалуюсь на бездействие управления: третий месяц не вывозят мусор, это ужасно."
    )
    assert "тональность негативная, по содержанию — жалоба" in html
    assert "Проверьте основание" not in html


@pytest.mark.django_db
def test_an_insulting_text_suggests_the_typed_ground_for_review(client, organisation):
    html = card_of(client, organisation, "Вы идиоты и дебилы, сколько можно ждать ремонта дороги!")
    assert "тональность агрессивная" in html
    assert "Проверьте основание для типового ответа: «Нецензурные либо оскорбительные выражения, угрозы»" in html
