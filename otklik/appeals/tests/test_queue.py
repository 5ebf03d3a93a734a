"""The staff queue: every filter, the governing date, pagination within a fixed number of queries, access."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db.models.functions import Coalesce

from otklik.appeals.choices import AppealStatus, IntakeChannel
from otklik.appeals.models import Appeal, ClassifierNode
from otklik.appeals.queries import filtered_queue
from otklik.appeals.services import appeal_register, question_add
from otklik.appeals.tests.factories import appeal_intake
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, UnitFactory, UserFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
TODAY = dt.date(2025, 3, 10)  # a Monday


def _resync() -> None:
    """Tests move dates directly; keep the stored governing date as the services would."""
    Appeal.objects.update(governing_due_date=Coalesce("extended_due_date", "due_date"))


def at(day: dt.date, hour: int = 11):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=MSK), tick=False)


def register(organisation, actor, last_name="Петрова", **overrides):
    fields = dict(
        kind="appeal",
        channel=IntakeChannel.POST,
        text="Прошу разъяснить порядок лицензирования заготовки лома.",
        author={"last_name": last_name, "first_name": "Анна", "postal_address": "г. Смоленск, ул. Ленина, 1"},
    )
    fields.update(overrides)
    return appeal_register(actor=actor, organisation=organisation, intake=appeal_intake(**fields)).appeal


def numbers(response) -> list[str]:
    return [row["number"] for row in response.context["rows"]]


@pytest.fixture
def registrar(organisation):
    return member(organisation, RoleCode.REGISTRAR)


@pytest.fixture
def section_nodes(db):
    first = ClassifierNode.objects.create(
        code="0001.0001.0001.0001", name="Основы конституционного строя", level=4, section_code="0001", edition="t"
    )
    second = ClassifierNode.objects.create(
        code="0001.0001.0001.0002", name="Гражданство", level=4, section_code="0001", edition="t"
    )
    other = ClassifierNode.objects.create(
        code="0002.0001.0001.0001", name="Социальное обеспечение", level=4, section_code="0002", edition="t"
    )
    return first, second, other


@pytest.mark.django_db
def test_queue_is_ordered_by_governing_date_and_shows_days_left(client, organisation, registrar):
    with at(dt.date(2025, 3, 3)):
        early = register(organisation, registrar)
    with at(TODAY):
        later = register(organisation, registrar, kind="request")
        extended = register(organisation, registrar)
        Appeal.objects.filter(pk=extended.pk).update(due_date=TODAY - dt.timedelta(days=2))
        _resync()
        Appeal.objects.filter(pk=early.pk).update(extended_due_date=dt.date(2025, 5, 30))
        _resync()
        client.force_login(registrar)
        response = client.get("/staff/appeals/")
    assert response.status_code == 200
    assert numbers(response) == [extended.number, later.number, early.number]
    html = response.content.decode()
    assert "просрочено на 2 дн." in html
    assert '<td class="off">просрочено на 2 дн.</td>' in html
    assert "30.05.2025" in html and "(продлён)" in html
    assert 'href="/staff/appeals/new/"' in html
    assert '<th scope="col">Исполнитель</th>' in html


@pytest.mark.django_db
def test_overdue_uses_the_extended_date_and_only_open_appeals(client, organisation, registrar):
    with at(dt.date(2025, 1, 20)):
        overdue = register(organisation, registrar)
        saved_by_extension = register(organisation, registrar)
        answered = register(organisation, registrar)
        in_time = register(organisation, registrar)
    past = TODAY - dt.timedelta(days=1)
    Appeal.objects.filter(pk__in=[overdue.pk, saved_by_extension.pk, answered.pk]).update(due_date=past)
    _resync()
    Appeal.objects.filter(pk=saved_by_extension.pk).update(extended_due_date=TODAY + dt.timedelta(days=5))
    _resync()
    Appeal.objects.filter(pk=answered.pk).update(status=AppealStatus.ANSWERED)
    Appeal.objects.filter(pk=overdue.pk).update(status=AppealStatus.IN_WORK)
    Appeal.objects.filter(pk=in_time.pk).update(due_date=TODAY)
    _resync()
    with at(TODAY):
        client.force_login(registrar)
        response = client.get("/staff/appeals/?overdue=on")
    assert numbers(response) == [overdue.number]
    assert filtered_queue(Appeal.objects.all(), {"overdue": True}, TODAY).get() == overdue


@pytest.mark.django_db
def test_due_within_days_counts_from_today(client, organisation, registrar):
    with at(dt.date(2025, 2, 3)):
        soon, later, past, extended = (register(organisation, registrar) for _ in range(4))
    Appeal.objects.filter(pk=soon.pk).update(due_date=TODAY + dt.timedelta(days=3))
    _resync()
    Appeal.objects.filter(pk=later.pk).update(due_date=TODAY + dt.timedelta(days=10))
    _resync()
    Appeal.objects.filter(pk=past.pk).update(due_date=TODAY - dt.timedelta(days=1))
    _resync()
    Appeal.objects.filter(pk=extended.pk).update(
        due_date=TODAY + dt.timedelta(days=1), extended_due_date=TODAY + dt.timedelta(days=20)
    )
    with at(TODAY):
        client.force_login(registrar)
        assert numbers(client.get("/staff/appeals/?due_within_days=5")) == [soon.number]
        assert numbers(client.get("/staff/appeals/?due_within_days=10")) == [soon.number, later.number]
        assert numbers(client.get("/staff/appeals/?due_within_days=0")) == []
        bad = client.get("/staff/appeals/?due_within_days=abc")
    assert len(numbers(bad)) == 4  # an invalid filter is ignored and explained
    assert "Введите целое число" in bad.content.decode()


@pytest.mark.django_db
def test_status_unit_executor_channel_and_kind_filters(client, organisation, registrar):
    unit = UnitFactory(organisation=organisation, name="Отдел лицензирования")
    executor = member(organisation, RoleCode.EXECUTOR, user=UserFactory(last_name="Смирнов", first_name="Олег"))
    with at(TODAY):
        plain = register(organisation, registrar)
        assigned = register(organisation, registrar, channel=IntakeChannel.RECEPTION)
        request = register(organisation, registrar, kind="request", channel=IntakeChannel.PHONE)
    Appeal.objects.filter(pk=assigned.pk).update(unit=unit, executor=executor, status=AppealStatus.IN_WORK)
    with at(TODAY):
        client.force_login(registrar)
        assert numbers(client.get("/staff/appeals/?status=in_work")) == [assigned.number]
        assert set(numbers(client.get("/staff/appeals/?status=registered"))) == {plain.number, request.number}
        assert numbers(client.get(f"/staff/appeals/?unit={unit.pk}")) == [assigned.number]
        page = client.get(f"/staff/appeals/?executor={executor.pk}")
        assert numbers(page) == [assigned.number]
        assert numbers(client.get("/staff/appeals/?channel=phone")) == [request.number]
        assert numbers(client.get("/staff/appeals/?kind=request")) == [request.number]
        assert numbers(client.get("/staff/appeals/?kind=appeal&channel=reception")) == [assigned.number]
    html = page.content.decode()
    assert "Отдел лицензирования" in html and "Смирнов Олег" in html


@pytest.mark.django_db
def test_section_filter_finds_each_appeal_once(client, organisation, registrar, section_nodes):
    first, second, other = section_nodes
    with at(TODAY):
        both = register(
            organisation, registrar, questions=[{"classifier_code": first.code}, {"classifier_code": second.code}]
        )
        elsewhere = register(organisation, registrar, questions=[{"classifier_code": other.code}])
        register(organisation, registrar)
        client.force_login(registrar)
        response = client.get("/staff/appeals/?section=0001")
        assert numbers(response) == [both.number]
        assert numbers(client.get("/staff/appeals/?section=0002")) == [elsewhere.number]
        bad = client.get("/staff/appeals/?section=01")
    assert filtered_queue(Appeal.objects.all(), {"section": "0001"}, TODAY).count() == 1
    assert "Код раздела — четыре цифры" in bad.content.decode()
    assert len(numbers(bad)) == 3


@pytest.mark.django_db
def test_a_question_added_later_puts_the_appeal_under_its_section(client, organisation, registrar, section_nodes):
    first, _second, other = section_nodes
    with at(TODAY):
        appeal = register(organisation, registrar, questions=[{"classifier_code": other.code}])
        client.force_login(registrar)
        assert numbers(client.get("/staff/appeals/?section=0001")) == []
        question_add(actor=registrar, appeal=appeal, classifier_code=first.code)
        assert numbers(client.get("/staff/appeals/?section=0001")) == [appeal.number]
        assert numbers(client.get("/staff/appeals/?section=0002")) == [appeal.number]
    appeal.refresh_from_db()
    assert appeal.section_codes == "0001 0002"


@pytest.mark.django_db
def test_search_by_number_or_author(client, organisation, registrar):
    with at(TODAY):
        petrova = register(organisation, registrar)
        sidorov = register(organisation, registrar, last_name="Сидоров")
        company = register(
            organisation,
            registrar,
            author={"kind": "organisation", "organisation_name": "ООО «Вторчермет»", "email": "info@vtor.example"},
        )
        client.force_login(registrar)
        assert numbers(client.get("/staff/appeals/", {"q": "Сидор"})) == [sidorov.number]
        assert numbers(client.get("/staff/appeals/", {"q": "Вторчермет"})) == [company.number]
        assert numbers(client.get("/staff/appeals/", {"q": petrova.number})) == [petrova.number]


@pytest.mark.django_db
def test_queue_pages_by_50_within_ten_queries(client, organisation, registrar, django_assert_max_num_queries):
    unit = UnitFactory(organisation=organisation)
    executor = member(organisation, RoleCode.EXECUTOR)
    with at(TODAY):
        for index in range(120):
            register(organisation, registrar, last_name=f"Автор{index}")
    Appeal.objects.update(unit=unit, executor=executor)
    with at(TODAY):
        client.force_login(registrar)
        with django_assert_max_num_queries(10):
            first = client.get("/staff/appeals/")
        with django_assert_max_num_queries(10):
            last = client.get("/staff/appeals/?page=3&kind=appeal")
        with django_assert_max_num_queries(10):
            filtered = client.get(f"/staff/appeals/?unit={unit.pk}&executor={executor.pk}&section=0001&overdue=on")
    assert len(first.context["rows"]) == 50
    assert len(last.context["rows"]) == 20
    assert filtered.context["rows"] == []
    html = first.content.decode()
    assert "Найдено 120 обращений." in html
    assert "Страница 1 из 3" in html and 'href="?page=2"' in html
    assert 'href="?page=2&amp;kind=appeal"' in last.content.decode()


@pytest.mark.django_db
def test_only_members_see_the_queue(client, organisation, registrar):
    with at(TODAY):
        register(organisation, registrar)
    assert client.get("/staff/appeals/").status_code == 302  # anonymous: to the login page
    client.force_login(UserFactory())
    assert client.get("/staff/appeals/").status_code == 403  # works in no organisation
    stranger = member(OrganisationFactory(), RoleCode.REGISTRAR)
    client.force_login(stranger)
    response = client.get("/staff/appeals/")
    assert response.status_code == 200 and response.context["rows"] == []
    executor = member(organisation, RoleCode.EXECUTOR)
    client.force_login(executor)
    response = client.get("/staff/appeals/")
    assert response.status_code == 200 and response.context["rows"] == []  # the role alone opens no appeal
    Appeal.objects.update(executor=executor)
    response = client.get("/staff/appeals/")
    assert len(response.context["rows"]) == 1
    assert 'href="/staff/appeals/new/"' not in response.content.decode()
    assert 'href="/staff/appeals/"' in response.content.decode()  # the navigation entry
