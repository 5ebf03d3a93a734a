"""The appeal card's section on the author's earlier appeals: the flag, the answers, ground 5, only what one may see."""

import datetime as dt

import pytest

from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UserFactory, member
from otklik.text.tests.test_repeat_detection import (
    FIRST,
    GARBAGE,
    ROAD,
    ROADS,
    SECOND,
    THIRD,
    answer_on_merits,
    at,
    register,
    staff,  # noqa: F401 (a fixture)
)


@pytest.fixture
def appeals(organisation, staff):  # noqa: F811
    registrar = staff["registrar"]
    first = register(organisation, registrar, dt.date(2026, 3, 2), FIRST, GARBAGE).appeal
    road = register(organisation, registrar, dt.date(2026, 3, 3), ROAD, ROADS).appeal
    second = register(organisation, registrar, dt.date(2026, 3, 16), SECOND, GARBAGE).appeal
    answer_on_merits(staff, first, dt.date(2026, 3, 20))
    answer_on_merits(staff, second, dt.date(2026, 3, 27))
    third = register(organisation, registrar, dt.date(2026, 4, 6), THIRD, GARBAGE).appeal
    return {"first": first, "road": road, "second": second, "third": third}


def card(client, user, appeal):
    client.force_login(user)
    with at(dt.date(2026, 4, 7)):
        response = client.get(f"/staff/appeals/{appeal.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_controller_sees_the_earlier_appeals_their_answers_and_ground_5(client, organisation, staff, appeals):  # noqa: F811
    html = card(client, staff["controller"], appeals["third"])
    assert "Ранее поступившие обращения автора" in html
    assert "<strong>Неоднократное</strong>" in html
    assert "по этому вопросу уже даны 2 ответа по существу, новых доводов нет" in html
    assert "Можно направить типовой ответ по основанию 5 п. 4.3: «Повторный вопрос без новых доводов»" in html
    for earlier in ("first", "second", "road"):  # the whole history of the author in this body, flagged or not
        assert f'href="/staff/appeals/{appeals[earlier].pk}/"' in html
    assert "0005.0005.0056.1122 Вывоз мусора" in html and "0003.0009.0099.0000 Дороги" in html
    assert "Вывоз мусора с площадки у дома 5 восстановлен" in html and "Вопрос решён" in html
    read = AuditEntry.objects.get(action="pd.read.author_history")
    assert read.actor == staff["controller"] and read.object_id == str(appeals["third"].author_id)
    expected = {appeals[name].pk for name in ("first", "second", "road")}
    assert set(read.after["ids"]) == expected


@pytest.mark.django_db
def test_a_repeated_appeal_shows_its_flag_without_ground_5(client, organisation, staff, appeals):  # noqa: F811
    html = card(client, staff["controller"], appeals["second"])
    assert "<strong>Повторное</strong>" in html and "тот же автор, тот же вопрос" in html
    assert "типовой ответ" not in html
    assert f'href="/staff/appeals/{appeals["first"].pk}/"' in html
    assert f'href="/staff/appeals/{appeals["third"].pk}/"' not in html  # later ones are not «earlier»


@pytest.mark.django_db
def test_an_executor_sees_only_the_earlier_appeals_they_may_see(client, organisation, staff, appeals):  # noqa: F811
    newcomer = member(organisation, RoleCode.EXECUTOR, user=UserFactory(phone="+7 001"))
    from otklik.appeals.services import appeal_take_on_control

    with at(dt.date(2026, 4, 7)):
        appeal_take_on_control(actor=staff["controller"], appeal=appeals["third"], executor=newcomer)
    html = card(client, newcomer, appeals["third"])
    assert "<strong>Неоднократное</strong>" in html  # the finding is about the appeal they execute
    for earlier in ("first", "second", "road"):
        assert f'href="/staff/appeals/{appeals[earlier].pk}/"' not in html
    assert "Вывоз мусора с площадки у дома 5 восстановлен" not in html
    assert "Ранее обращений этого автора, доступных вам, нет." in html
    assert not AuditEntry.objects.filter(action="pd.read.author_history").exists()


@pytest.mark.django_db
def test_a_first_appeal_shows_no_flag(client, organisation, staff, appeals):  # noqa: F811
    html = card(client, staff["controller"], appeals["first"])
    assert 'data-testid="repeat-flag"' not in html
    assert "Ранее обращений этого автора, доступных вам, нет." in html
