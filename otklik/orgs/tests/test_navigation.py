"""The staff menu: every room's entries in one fixed order, each shown only to the roles it names."""

import pytest

from otklik.orgs.choices import RoleCode
from otklik.orgs.navigation import navigation_for
from otklik.orgs.tests.factories import UserFactory, member

EVERY_ENTRY = [
    ("Рабочий стол", "shell:dashboard"),
    ("Уровень обслуживания", "service_levels:board"),
    ("Обращения", "appeals:queue"),
    ("Соцсети и мессенджеры", "inbox:list"),
    ("Разбор почты", "mail:queue"),
    ("Контакт-центр: звонки", "calls:list"),
    ("Показатели контакт-центра", "cc_kpi:board"),
    ("Поручения", "assignments:mine"),
    ("Анализ обращений", "reports:quarterly"),
    ("Организация", "shell:organisation"),
    ("Перечень точек взаимодействия", "registry:home"),
    ("Производственный календарь", "calendars:year"),
    ("Вопросы и ответы портала", "knowledge:faq_list"),
    ("Ключи API", "apikeys:list"),
    ("Журнал отправки", "notifications:send_log"),
    ("Опросы", "feedback:surveys"),
    ("Обратная связь", "feedback:follow_ups"),
]


def shown(user, organisation):
    return [(str(entry.label), entry.url_name) for entry in navigation_for(user, organisation)]


@pytest.mark.django_db
def test_an_administrator_sees_every_room_in_the_menu_order(organisation):
    assert shown(member(organisation, RoleCode.ADMINISTRATOR), organisation) == EVERY_ENTRY


@pytest.mark.django_db
def test_a_registrar_sees_the_analysis_but_not_the_faq_or_the_api_keys(organisation):
    hidden = {"knowledge:faq_list", "apikeys:list", "inbox:list", "service_levels:board", "calls:list", "cc_kpi:board"}
    expected = [entry for entry in EVERY_ENTRY if entry[1] not in hidden]
    assert shown(member(organisation, RoleCode.REGISTRAR), organisation) == expected


@pytest.mark.django_db
def test_an_executor_sees_only_the_entries_for_every_member(organisation):
    hidden = {
        "reports:quarterly",
        "knowledge:faq_list",
        "apikeys:list",
        "notifications:send_log",
        "inbox:list",
        "mail:queue",
        "service_levels:board",
        "calls:list",
        "cc_kpi:board",
    }
    expected = [entry for entry in EVERY_ENTRY if entry[1] not in hidden]
    assert shown(member(organisation, RoleCode.EXECUTOR), organisation) == expected


@pytest.mark.django_db
def test_a_person_in_no_organisation_has_no_menu():
    assert navigation_for(UserFactory(), None) == []


@pytest.mark.django_db
def test_the_page_lists_the_entries_in_the_same_order(client, organisation):
    client.force_login(member(organisation, RoleCode.REGISTRAR))
    html = client.get("/staff/").content.decode()
    menu = html[html.index('class="sidenav"') :]
    positions = [
        menu.index(f">{label}</a>")
        for label, url_name in EVERY_ENTRY
        if url_name
        not in {
            "knowledge:faq_list",
            "apikeys:list",
            "inbox:list",
            "service_levels:board",
            "calls:list",
            "cc_kpi:board",
        }
    ]
    assert positions == sorted(positions)
    assert "Ключи API" not in menu
