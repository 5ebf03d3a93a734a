"""The staff shell as a person sees it: login, dashboard, organisation page, switching bodies."""

import pytest
from django.test import Client

from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, UnitFactory, UserFactory, member


@pytest.mark.django_db
def test_pages_need_a_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    login_page = client.get("/accounts/login/")
    assert "Вход для сотрудников" in login_page.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_is_explained_in_russian(client):
    UserFactory(username="ivanova")
    response = client.post("/accounts/login/", {"username": "ivanova", "password": "wrong"})
    assert "Неверное имя пользователя или пароль" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_shows_the_body_roles_and_terms(client, organisation):
    unit = UnitFactory(organisation=organisation, name="Отдел контроля")
    user = member(organisation, RoleCode.CONTROLLER, unit=unit)
    client.force_login(user)
    html = client.get("/staff/").content.decode()
    assert "Тестовое министерство" in html
    assert "Контролёр" in html
    assert "Обращение, зарегистрированное сегодня" in html
    assert 'href="/staff/calendar/"' in html


@pytest.mark.django_db
def test_a_person_without_a_body_is_told_so(client):
    client.force_login(UserFactory())
    response = client.get("/staff/")
    assert response.status_code == 403
    assert "не привязана ни к одной организации" in response.content.decode()


@pytest.mark.django_db
def test_switcher_moves_between_own_bodies_only(client, organisation):
    second = OrganisationFactory(slug="second", short_name="Второе ведомство", name="Второе ведомство")
    stranger = OrganisationFactory(slug="stranger", short_name="Чужое ведомство", name="Чужое ведомство")
    user = member(organisation, RoleCode.EXECUTOR)
    member(second, RoleCode.EXECUTOR, user=user)
    client.force_login(user)
    assert 'name="organisation"' in client.get("/staff/").content.decode()
    client.post("/staff/switch/", {"organisation": "second", "next": "/staff/"})
    assert "<h1>Второе ведомство</h1>" in client.get("/staff/").content.decode()
    response = client.post("/staff/switch/", {"organisation": stranger.slug, "next": "/staff/"}, follow=True)
    html = response.content.decode()
    assert "Организация не найдена или недоступна" in html
    assert "<h1>Второе ведомство</h1>" in html


@pytest.mark.django_db
def test_switcher_does_not_redirect_off_site(client, organisation):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    response = client.post("/staff/switch/", {"organisation": organisation.slug, "next": "https://evil.example/"})
    assert response["Location"] == "/staff/"


@pytest.mark.django_db
def test_organisation_page_lists_units_staff_and_channels(client, organisation, django_assert_max_num_queries):
    parent = UnitFactory(organisation=organisation, name="Руководство")
    UnitFactory(organisation=organisation, name="Отдел лицензирования", parent=parent)
    for _ in range(15):
        member(organisation, RoleCode.EXECUTOR, unit=parent)
    user = member(organisation, RoleCode.UNIT_HEAD, unit=parent)
    client.force_login(user)
    with django_assert_max_num_queries(15):
        html = client.get("/staff/organisation/").content.decode()
    assert "Отдел лицензирования" in html
    assert "Руководитель структурного подразделения" in html
    assert html.count("Иванова Мария Петровна") == 17  # 16 in the staff table, one in the top bar


@pytest.mark.django_db
def test_english_is_available(organisation):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    html = client.get("/staff/calendar/?year=2026").content.decode()
    assert "Production calendar" in html
    assert 'lang="en"' in html


@pytest.mark.django_db
def test_refusals_and_missing_pages_explain_themselves_in_russian(client, organisation):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    refused = client.get("/staff/analysis/quarterly/")
    assert refused.status_code == 403
    assert "Нет доступа" in refused.content.decode() and "Рабочий стол" in refused.content.decode()
    missing = client.get("/staff/no-such-page/")
    assert missing.status_code == 404 and "Страница не найдена" in missing.content.decode()
