"""Need-to-know access to appeals (59-FZ art. 6, 152-FZ): who may open a citizen's appeal, and every read is logged.

The attacker is a colleague in the same body whose work has nothing to do with the appeal: the internal client, the
registry keeper, the social-media operator, the head of another unit. They get a 404 and an empty queue; the people
assigned and those given access by name see it; «for official use» stays stricter.
"""

import datetime as dt
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from otklik.appeals.choices import IntakeChannel
from otklik.appeals.models import Appeal
from otklik.appeals.services import answer_draft, appeal_extend, appeal_register, appeal_take_on_control
from otklik.appeals.tests.factories import appeal_intake
from otklik.assignments.services import AssignmentSpec, resolution_create
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, UnitFactory, UserFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
TODAY = dt.date(2025, 3, 10)
CITIZEN = {
    "last_name": "Петрова",
    "first_name": "Анна",
    "email": "petrova@example.org",
    "phone": "+7 900 123-45-67",
    "postal_address": "г. Смоленск, ул. Ленина, 1",
}
OUTSIDERS = [RoleCode.INTERNAL_CLIENT, RoleCode.REGISTRY_KEEPER, RoleCode.SOCIAL_OPERATOR]


def at(day: dt.date = TODAY):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 11, 0, tzinfo=MSK), tick=False)


def api_for(user) -> APIClient:
    out = StringIO()
    call_command("create_api_token", user.username, stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


@pytest.fixture
def people(organisation):
    unit, other_unit = UnitFactory(organisation=organisation), UnitFactory(organisation=organisation)
    return {
        "registrar": member(organisation, RoleCode.REGISTRAR),
        "controller": member(organisation, RoleCode.CONTROLLER),
        "executor": member(organisation, RoleCode.EXECUTOR, unit=unit, user=UserFactory(phone="+7 495 000-00-01")),
        "unit_head": member(organisation, RoleCode.UNIT_HEAD, unit=unit),
        "other_unit_head": member(organisation, RoleCode.UNIT_HEAD, unit=other_unit),
        "colleague": member(organisation, RoleCode.INTERNAL_CLIENT, user=UserFactory(last_name="Коллегова")),
    }


def _appeal(organisation, people, **fields) -> Appeal:
    """A citizen's appeal with a file, on control, its executor in `unit`, with a draft answer (a letter to fetch)."""
    with at():
        appeal = appeal_register(
            actor=people["registrar"],
            organisation=organisation,
            intake=appeal_intake(
                channel=IntakeChannel.POST,
                author=CITIZEN,
                text="Прошу проверить начисления за отопление.",
                attachments=[SimpleUploadedFile("scan.txt", b"scanned letter", content_type="text/plain")],
                **fields,
            ),
        ).appeal
        appeal = appeal_take_on_control(actor=people["controller"], appeal=appeal, executor=people["executor"])
        delivery = "registered_post" if appeal.for_official_use else "post"
        answer_draft(
            actor=people["executor"], appeal=appeal, kind="interim", text="Проверка начата.", delivery=delivery
        )
    return appeal


@pytest.fixture
def appeal(organisation, people):
    return _appeal(organisation, people)


def _urls(appeal: Appeal) -> list[str]:
    answer = appeal.answers.get()
    return [
        f"/staff/appeals/{appeal.pk}/",
        f"/staff/appeals/{appeal.pk}/files/{appeal.attachments.get().pk}/",
        f"/staff/appeals/{appeal.pk}/answers/{answer.pk}/letter.docx",
    ]


def _sees(client, appeal: Appeal) -> bool:
    """The card answers and shows the author's contacts; 404 otherwise (nothing tells that the appeal exists)."""
    with at():
        response = client.get(f"/staff/appeals/{appeal.pk}/")
    if response.status_code == 404:
        return False
    assert response.status_code == 200
    assert CITIZEN["email"] in response.content.decode()
    return True


def _queue(client) -> str:
    with at():
        response = client.get("/staff/appeals/?status=all")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_colleague_without_a_part_in_the_appeal_learns_nothing_of_the_citizen(client, organisation, appeal, role):
    outsider = member(organisation, role)
    client.force_login(outsider)
    with at():
        for url in _urls(appeal):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/staff/appeals/{appeal.pk}/do/notice/", {"kind": "x"}).status_code == 404
    queue = _queue(client)
    assert appeal.number not in queue and "Петрова" not in queue
    with at():
        search = client.get("/staff/appeals/", {"q": "Петрова", "status": "all"}).content.decode()
        assert appeal.number not in search
        assert api_for(outsider).get(f"/api/v1/appeals/{appeal.pk}/").status_code == 404
        dashboard = client.get("/staff/").content.decode()
    assert 'data-testid="appeals-open">0<' in dashboard  # the panel counts the appeals the person may open
    assert not AuditEntry.objects.filter(action__startswith="pd.read", actor=outsider).exists()


@pytest.mark.django_db
def test_the_people_assigned_and_the_oversight_roles_see_it(client, organisation, people, appeal):
    for who in ("registrar", "controller", "executor", "unit_head"):
        client.force_login(people[who])
        assert _sees(client, appeal), who
        assert appeal.number in _queue(client), who
    for role in (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD):
        client.force_login(member(organisation, role))
        assert _sees(client, appeal), role
    client.force_login(people["unit_head"])
    with at():
        html = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert "Продлить срок рассмотрения" in html  # the head of the responsible unit decides on it
    client.force_login(people["other_unit_head"])
    assert not _sees(client, appeal)
    assert appeal.number not in _queue(client)


@pytest.mark.django_db
def test_the_services_refuse_whom_the_card_refuses(organisation, people, appeal):
    """A unit head may extend by role, but not an appeal of another unit: the service asks the same selector."""
    with at(), pytest.raises(PermissionDeniedError):
        appeal_extend(actor=people["other_unit_head"], appeal=appeal, days=5, reason="Нужна экспертиза.")
    with at():
        appeal_extend(actor=people["unit_head"], appeal=appeal, days=5, reason="Нужна экспертиза.")


@pytest.mark.django_db
def test_co_executors_of_an_assignment_on_it_see_it(client, organisation, people, appeal):
    co_executor = member(organisation, RoleCode.EXECUTOR)
    client.force_login(co_executor)
    assert not _sees(client, appeal)
    with at():
        resolution_create(
            actor=people["controller"],
            organisation=organisation,
            text="Проверить начисления.",
            appeal=appeal,
            assignments=[AssignmentSpec(executor=people["executor"], due_date=TODAY, co_executors=[co_executor])],
        )
    assert _sees(client, appeal)
    assert appeal.number in _queue(client)


@pytest.mark.django_db
def test_a_grant_opens_it_to_a_named_colleague_and_revoking_closes_it(client, organisation, people, appeal):
    colleague = people["colleague"]
    client.force_login(people["controller"])
    url = f"/staff/appeals/{appeal.pk}/do/access_grant/"
    with at():
        card = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert "Открыть доступ сотруднику" in card
        refused = client.post(url, {"user": colleague.pk, "reason": " "}, follow=True)
        assert "Укажите основание" in refused.content.decode()
        client.post(url, {"user": colleague.pk, "reason": "Готовит справку по начислениям."}, follow=True)
    grant = appeal.access_grants.get()
    assert (grant.user, grant.granted_by, grant.reason) == (
        colleague,
        people["controller"],
        "Готовит справку по начислениям.",
    )
    entry = AuditEntry.objects.get(action="appeal.access_granted")
    assert (entry.actor, entry.organisation, entry.after["user"]) == (people["controller"], organisation, colleague.pk)

    client.force_login(colleague)
    assert _sees(client, appeal)
    assert appeal.number in _queue(client)
    with at():
        card = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert "Открыть доступ сотруднику" not in card  # a grant lets one read, not pass the appeal on

    client.force_login(people["controller"])
    with at():
        client.post(f"/staff/appeals/{appeal.pk}/do/access_revoke/", {"grant": grant.pk}, follow=True)
    assert AuditEntry.objects.filter(action="appeal.access_revoked", actor=people["controller"]).count() == 1
    client.force_login(colleague)
    assert not _sees(client, appeal)
    assert appeal.number not in _queue(client)


@pytest.mark.django_db
def test_a_grant_goes_only_to_a_member_of_the_body_and_only_from_someone_who_sees_it(organisation, people, appeal):
    from otklik.appeals.services import appeal_access_grant

    stranger = member(OrganisationFactory(), RoleCode.REGISTRAR)
    with at(), pytest.raises(ApplicationError, match="не работает в"):
        appeal_access_grant(actor=people["controller"], appeal=appeal, user=stranger, reason="Для справки.")
    with at(), pytest.raises(PermissionDeniedError):
        appeal_access_grant(
            actor=people["other_unit_head"], appeal=appeal, user=people["colleague"], reason="Для справки."
        )
    assert not appeal.access_grants.exists()


@pytest.mark.django_db
def test_for_official_use_is_closed_to_the_unit_head_and_to_grants(client, organisation, people):
    from otklik.appeals.services import appeal_access_grant

    appeal = _appeal(organisation, people, for_official_use=True)
    assert appeal.for_official_use
    client.force_login(people["unit_head"])
    assert not _sees(client, appeal)
    assert appeal.number not in _queue(client)
    for who in ("executor", "controller", "registrar"):
        client.force_login(people[who])
        assert _sees(client, appeal), who
    with at(), pytest.raises(ApplicationError, match="Для служебного пользования"):
        appeal_access_grant(actor=people["controller"], appeal=appeal, user=people["colleague"], reason="Справка.")
    client.force_login(people["controller"])
    with at():
        card = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert "Открыть доступ сотруднику" not in card
        response = client.post(
            f"/staff/appeals/{appeal.pk}/do/access_grant/",
            {"user": people["colleague"].pk, "reason": "Справка."},
            follow=True,
        )
    assert "Для служебного пользования" in response.content.decode()
    assert not appeal.access_grants.exists()


@pytest.mark.django_db
def test_the_queue_page_records_which_appeals_it_showed(client, organisation, people, appeal):
    client.force_login(people["unit_head"])
    _queue(client)
    entry = AuditEntry.objects.get(action="pd.read.appeal.list")
    assert (entry.actor, entry.organisation) == (people["unit_head"], organisation)
    assert entry.after["ids"] == [appeal.pk]


@pytest.mark.django_db
def test_the_admin_records_reads_of_appeals_and_authors(admin_client, admin_user, organisation, people, appeal):
    assert admin_client.get(f"/admin/appeals/appeal/{appeal.pk}/change/").status_code == 200
    read = AuditEntry.objects.get(action="pd.read.appeal.admin")
    assert (read.actor, read.object_id, read.organisation) == (admin_user, str(appeal.pk), organisation)
    listing = admin_client.get("/admin/appeals/appeal/")
    assert listing.status_code == 200
    assert AuditEntry.objects.get(action="pd.read.appeal.admin_list").after["ids"] == [appeal.pk]
    assert admin_client.get(f"/admin/appeals/author/{appeal.author_id}/change/").status_code == 200
    assert AuditEntry.objects.filter(action="pd.read.author.admin", object_id=str(appeal.author_id)).count() == 1
    assert admin_client.get("/admin/appeals/author/").status_code == 200
    assert AuditEntry.objects.get(action="pd.read.author.admin_list").after["ids"] == [appeal.author_id]
