"""The calendar page: a year at a glance, the term calculator and corrections by the administrator."""

import pytest

from otklik.calendars.models import CalendarCorrection
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member


@pytest.mark.django_db
def test_year_page_counts_working_days_and_calculates_a_term(client, organisation):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    html = client.get("/staff/calendar/", {"year": 2026, "start": "2025-12-26", "count": 3, "unit": "working_days"})
    text = html.content.decode()
    assert "Рабочих дней в году: 247" in text
    assert 'data-testid="term-result">12.01.2026<' in text
    assert "Добавить поправку" not in text  # only administrators correct the calendar


@pytest.mark.django_db
def test_administrator_adds_a_regional_day_off_and_terms_follow_it(client, organisation):
    client.force_login(member(organisation, RoleCode.ADMINISTRATOR))
    response = client.post(
        "/staff/calendar/corrections/",
        {"date": "2026-04-28", "is_working_day": "0", "reason": "Радоница — закон субъекта"},
        follow=True,
    )
    text = response.content.decode()
    assert "Поправка сохранена." in text
    assert "Рабочих дней в году: 246" in text
    assert CalendarCorrection.objects.get(organisation=organisation).reason == "Радоница — закон субъекта"


@pytest.mark.django_db
def test_bad_corrections_are_refused_with_a_reason(client, organisation):
    client.force_login(member(organisation, RoleCode.ADMINISTRATOR))
    text = client.post(
        "/staff/calendar/corrections/",
        {"date": "2026-01-01", "is_working_day": "0", "reason": "ошибка"},
        follow=True,
    ).content.decode()
    assert "01.01.2026 уже является нерабочим днём" in text
    text = client.post(
        "/staff/calendar/corrections/",
        {"date": "2026-13-01", "is_working_day": "0", "reason": "x"},
        follow=True,
    ).content.decode()
    assert "Введите правильную дату" in text
    assert not CalendarCorrection.objects.exists()


@pytest.mark.django_db
def test_an_executor_cannot_correct_the_calendar(client, organisation):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    text = client.post(
        "/staff/calendar/corrections/",
        {"date": "2026-04-28", "is_working_day": "0", "reason": "x"},
        follow=True,
    ).content.decode()
    assert "нужна роль: Администратор" in text
    assert not CalendarCorrection.objects.exists()
