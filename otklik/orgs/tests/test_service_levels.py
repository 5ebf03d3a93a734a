"""The service-level board (003 §11): every room's tile, who may open it, its files and its weekly digest."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from otklik.appeals.choices import IntakeChannel
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.assignments.services import AssignmentSpec, resolution_create
from otklik.channels.inbox_services import inbox_timers_sweep
from otklik.channels.tests.inbox_factories import TUESDAY_10, inbox_item, social_body
from otklik.core.models import AuditEntry
from otklik.feedback.tests.factories import answer, client_survey
from otklik.notifications.models import OutgoingMessage
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import ServiceLevelDigest
from otklik.orgs.service_level_digest import weekly_digest
from otklik.orgs.service_levels import Level, registered_tiles, tiles_for
from otklik.orgs.tests.factories import UserFactory, member
from otklik.touchpoints.models import RegistryVersion

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
# Tuesday 10 March 2026, 11:00 in Moscow: the board is read on this day.
NOW = dt.datetime(2026, 3, 10, 11, 0, tzinfo=MSK)
TODAY = NOW.date()


def at(moment: dt.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def _register(organisation, registrar, *, received: dt.datetime, registered: dt.datetime):
    with at(registered):
        return appeal_register(
            actor=registrar,
            organisation=organisation,
            intake=appeal_intake(channel=IntakeChannel.POST, received_at=received),
        ).appeal


@pytest.fixture
def body(db):
    organisation = social_body()
    people = {
        "deputy": member(organisation, RoleCode.CC_DEPUTY_HEAD, user=UserFactory(username="deputy")),
        "head": member(organisation, RoleCode.HEAD, user=UserFactory(username="head")),
        "executor": member(organisation, RoleCode.EXECUTOR, user=UserFactory(username="executor")),
        "registrar": member(organisation, RoleCode.REGISTRAR, user=UserFactory(username="registrar")),
    }
    return organisation, people


@pytest.fixture
def levels(body):
    """One thing wrong in every room, as of Tuesday 10 March 2026."""
    organisation, people = body
    registrar = people["registrar"]
    january = dt.datetime(2026, 1, 20, 10, 0, tzinfo=MSK)
    overdue = _register(organisation, registrar, received=january, registered=january)
    february = dt.datetime(2026, 2, 12, 10, 0, tzinfo=MSK)
    due_soon = _register(organisation, registrar, received=february, registered=february)
    # Received on Monday 2 March, registered on Friday 6 March: 4 days, over the 3 of 59-FZ art. 8 p. 2.
    late = _register(
        organisation,
        registrar,
        received=dt.datetime(2026, 3, 2, 10, 0, tzinfo=MSK),
        registered=dt.datetime(2026, 3, 6, 10, 0, tzinfo=MSK),
    )
    assert overdue.governing_due_date < TODAY
    assert TODAY <= due_soon.governing_due_date <= TODAY + dt.timedelta(days=7)
    assert late.late_registration and late.governing_due_date > TODAY + dt.timedelta(days=7)

    with at(dt.datetime(2026, 3, 6, 11, 0, tzinfo=MSK)):
        resolution_create(
            actor=people["deputy"],
            organisation=organisation,
            appeal=late,
            text="Подготовить ответ",
            assignments=[
                AssignmentSpec(executor=people["executor"], due_date=dt.date(2026, 3, 6)),
                AssignmentSpec(executor=registrar, due_date=dt.date(2026, 3, 20)),
            ],
        )

    # A social-media comment of 3 March, 10:00, under the 2-hour rule: warned at 11:30, breached at 12:00.
    inbox_item(organisation, received_at=TUESDAY_10)
    inbox_timers_sweep(now=TUESDAY_10 + dt.timedelta(hours=3))

    RegistryVersion.objects.create(
        organisation=organisation,
        number=1,
        snapshot={},
        approved_at=dt.datetime(2026, 2, 13, 10, 0, tzinfo=MSK),
        publish_due=dt.date(2026, 2, 27),
    )

    survey = client_survey(organisation, actor=people["deputy"], is_anonymous=False)
    with at(dt.datetime(2026, 2, 24, 10, 0, tzinfo=MSK)):
        answer(survey, score=1)  # February: its follow-up task is overdue by 10 March; its score is not March's
    for day, score in ((3, 5), (4, 4), (5, 2)):
        with at(dt.datetime(2026, 3, day, 10, 0, tzinfo=MSK)):
            answer(survey, score=score)
    return organisation, people


def _figures(organisation, user):
    with at(NOW):
        tiles = tiles_for(organisation, user, TODAY)
    return {str(tile.title): {str(f.label): (f.value, f.level) for f in tile.figures} for tile in tiles}


def test_every_room_registers_its_tile():
    assert {"appeals", "assignments", "social", "registry", "satisfaction", "follow_ups"} <= set(registered_tiles())


def test_the_deputy_head_sees_each_room_level_against_its_rule(levels):
    organisation, people = levels
    figures = _figures(organisation, people["deputy"])
    assert figures["Обращения граждан"] == {
        "Просрочено": (1, Level.BREACH),
        "Срок истекает в ближайшие 7 дней": (1, Level.WARNING),
        "Зарегистрировано с нарушением срока в этом месяце": (1, Level.BREACH),
    }
    assert figures["Поручения"] == {"На исполнении": (2, Level.OK), "Просрочено": (1, Level.BREACH)}
    assert figures["Соцсети и мессенджеры"] == {
        "Ждут ответа": (1, Level.OK),
        "Предупреждений о сроке в этом месяце": (1, Level.WARNING),
        "Нарушений срока в этом месяце": (1, Level.BREACH),
    }
    assert figures["Перечень точек взаимодействия"] == {
        "Предложений на проверке": (0, Level.OK),
        "Версий ждут публикации": (1, Level.WARNING),
        "Срок публикации истёк": (1, Level.BREACH),
    }
    # March by hand: scores 5, 4 and 2 — two of three satisfied (66.7 %), mean 3.7; February's 1 is not counted.
    assert figures["Удовлетворённость клиентов"] == {
        "Оценок в этом месяце": (3, Level.OK),
        "Средняя оценка (1–5)": (3.7, Level.OK),
        "Доля удовлетворённых, %": (66.7, Level.OK),
    }
    # Two negative questionnaires (1 in February, 2 in March): the February task is past its 5 working days.
    assert figures["Отработка негативных анкет"] == {"Открыто": (2, Level.WARNING), "Просрочено": (1, Level.BREACH)}
    assert _figures(organisation, people["head"]) == figures


def test_a_quiet_body_shows_every_tile_in_order(body):
    organisation, people = body
    figures = _figures(organisation, people["deputy"])
    assert list(figures) == [
        "Обращения граждан",
        "Поручения",
        "Соцсети и мессенджеры",
        "Перечень точек взаимодействия",
        "Удовлетворённость клиентов",
        "Отработка негативных анкет",
    ]
    assert figures["Удовлетворённость клиентов"]["Средняя оценка (1–5)"] == (None, Level.OK)
    assert all(level == Level.OK for tile in figures.values() for _value, level in tile.values())


def test_the_board_page_marks_breaches_and_links_each_tile_to_its_list(client, levels):
    _organisation, people = levels
    client.force_login(people["deputy"])
    with at(NOW):
        response = client.get(reverse("service_levels:board"))
    assert response.status_code == 200
    html = response.content.decode()
    for url in (
        reverse("appeals:queue") + "?overdue=on",
        reverse("assignments:controlled"),
        reverse("inbox:list"),
        reverse("registry:home"),
        reverse("feedback:quarter"),
        reverse("feedback:follow_ups"),
    ):
        assert f'href="{url}"' in html
    assert html.count('data-testid="sl-tile" data-level="breach"') == 5  # every tile but satisfaction
    assert "(нарушение)" in html and "(внимание)" in html
    assert "<script" not in html.split("<main")[-1] and "<style" not in html


def test_the_board_stays_within_a_fixed_number_of_queries(client, levels):
    organisation, people = levels
    client.force_login(people["deputy"])
    with at(NOW), CaptureQueriesContext(connection) as first:
        assert client.get(reverse("service_levels:board")).status_code == 200
    # Ten times more of everything must not cost one more query.
    registrar = people["registrar"]
    for day in range(1, 10):
        moment = dt.datetime(2026, 1, 10 + day, 10, 0, tzinfo=MSK)
        _register(organisation, registrar, received=moment, registered=moment)
        inbox_item(organisation, received_at=TUESDAY_10 + dt.timedelta(minutes=day), external_id=f"more-{day}")
    cache.clear()  # tiles may keep figures for minutes (the contact centre's): measure both requests cold
    with at(NOW), CaptureQueriesContext(connection) as second:
        assert client.get(reverse("service_levels:board")).status_code == 200
    assert len(second) == len(first)
    assert len(first) <= 20, [q["sql"] for q in first.captured_queries]


@pytest.mark.parametrize("name", ["service_levels:board", "service_levels:pdf", "service_levels:xlsx"])
def test_only_the_deputy_head_the_head_and_administrators_open_the_board(client, body, name):
    organisation, people = body
    admin = member(organisation, RoleCode.ADMINISTRATOR, user=UserFactory(username="admin"))
    for user, status in (
        (people["executor"], 404),
        (people["registrar"], 404),
        (people["deputy"], 200),
        (people["head"], 200),
        (admin, 200),
    ):
        client.force_login(user)
        with at(NOW):
            assert client.get(reverse(name)).status_code == status, user.username
    client.logout()
    assert client.get(reverse(name)).status_code == 302  # to the sign-in page


def test_the_menu_shows_the_board_to_its_people_only(client, body):
    _organisation, people = body
    board = reverse("service_levels:board")
    client.force_login(people["deputy"])
    assert f'href="{board}"' in client.get(reverse("shell:dashboard")).content.decode()
    client.force_login(people["executor"])
    assert f'href="{board}"' not in client.get(reverse("shell:dashboard")).content.decode()


def test_the_files_read_back_with_the_board_figures(client, levels):
    organisation, people = levels
    client.force_login(people["head"])
    with at(NOW):
        xlsx = client.get(reverse("service_levels:xlsx"))
        pdf = client.get(reverse("service_levels:pdf"))
    assert xlsx["Content-Disposition"] == 'attachment; filename="service-levels-2026-03-10.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Раздел", "Показатель", "Значение", "Оценка")
    assert ("Обращения граждан", "Просрочено", 1, "нарушение") in rows
    assert ("Удовлетворённость клиентов", "Доля удовлетворённых, %", 66.7, "в норме") in rows
    assert ("Удовлетворённость клиентов", "Средняя оценка (1–5)", 3.7, "в норме") in rows

    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert organisation.name in text
    assert "Срок публикации истёк" in text and "нарушение" in text
    assert "Зарегистрировано с нарушением срока в этом месяце" in " ".join(text.split())


def test_the_weekly_digest_goes_once_per_iso_week_to_the_board_people(levels):
    _organisation, people = levels
    with at(NOW):
        assert weekly_digest(NOW) == {"bodies": 1, "messages": 2}
    with at(NOW + dt.timedelta(days=2)):
        assert weekly_digest(NOW + dt.timedelta(days=2)) == {"bodies": 0, "messages": 0}  # the same week
    letters = OutgoingMessage.objects.filter(subject__startswith="Уровень обслуживания")
    assert sorted(letter.to for letter in letters) == sorted([people["deputy"].email, people["head"].email])
    body = letters[0].body
    assert "на 10.03.2026" in body
    assert "Просрочено: 1 (нарушение)" in body
    assert "Доля удовлетворённых, %: 66,7" in body
    assert reverse("service_levels:board") in body
    assert reverse("service_levels:pdf") in body and reverse("service_levels:xlsx") in body
    assert letters[0].subject == "Уровень обслуживания: неделя 11, 2026"
    digest = ServiceLevelDigest.objects.get()
    assert (digest.iso_year, digest.iso_week, digest.recipients) == (2026, 11, 2)
    assert AuditEntry.objects.filter(action="service_level_digest.sent").count() == 1

    monday = dt.datetime(2026, 3, 16, 9, 0, tzinfo=MSK)
    with at(monday):
        assert weekly_digest(monday) == {"bodies": 1, "messages": 2}
    assert ServiceLevelDigest.objects.count() == 2


def test_a_body_without_a_deputy_head_or_head_gets_no_digest_until_one_is_appointed(db):
    organisation = social_body(slug="quiet")
    member(organisation, RoleCode.EXECUTOR)
    with at(NOW):
        assert weekly_digest(NOW) == {"bodies": 0, "messages": 0}
    assert not ServiceLevelDigest.objects.exists()
    member(organisation, RoleCode.CC_DEPUTY_HEAD)
    later = NOW + dt.timedelta(days=1)
    with at(later):
        assert weekly_digest(later) == {"bodies": 1, "messages": 1}
