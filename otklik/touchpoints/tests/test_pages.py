"""The registry as people see it: the public page, versions and differences, downloads and the staff pages."""

import pytest

from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member
from otklik.touchpoints.choices import ChangeKind
from otklik.touchpoints.models import ChangeRequest
from otklik.touchpoints.services import registry_change_approve, registry_change_propose, registry_version_publish

from .factories import approved_registry, touchpoint


@pytest.fixture
def two_versions(organisation):
    approved_registry(organisation)
    keeper = member(organisation, RoleCode.REGISTRY_KEEPER)
    change = registry_change_propose(
        actor=member(organisation, RoleCode.EXECUTOR),
        organisation=organisation,
        kind=ChangeKind.INCLUDE,
        data=touchpoint(name="Чат-бот", channel_type="chatbot", address="https://t.me/minprom_bot"),
        process=organisation.processes.get(name="Информирование"),
    )
    version = registry_change_approve(actor=keeper, change=change)
    return keeper, version


@pytest.mark.django_db
def test_public_page_shows_only_published_versions(client, organisation, two_versions):
    keeper, version = two_versions
    html = client.get("/o/testorg/registry/").content.decode()
    assert "Версия 1: утверждена" in html
    assert "Чат-бот" not in html  # approved but not yet published
    assert client.get("/o/testorg/registry/?version=2").status_code == 404
    registry_version_publish(actor=keeper, version=version)
    html = client.get("/o/testorg/registry/").content.decode()
    assert "Версия 2: утверждена" in html and "Чат-бот" in html
    assert "Процесс взаимодействия с клиентом" in html
    old = client.get("/o/testorg/registry/?version=1").content.decode()
    table, history = old.split("История версий")
    assert "Это не действующая версия" in table and "Чат-бот" not in table
    assert "Включение: Чат-бот" in history
    diff = client.get("/o/testorg/registry/diff/?from=1&to=2").content.decode()
    assert "Отличия версии 2 от версии 1" in diff
    assert "Информирование — Чат-бот (https://t.me/minprom_bot)" in diff


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf", "csv", "json"])
def test_every_download_opens(client, organisation, two_versions, fmt):
    response = client.get(f"/o/testorg/registry.{fmt}?version=1")
    assert response.status_code == 200
    assert f'filename="registry-testorg-v1.{fmt}"' in response["Content-Disposition"]
    assert len(response.content) > 100
    assert client.get(f"/o/testorg/registry.{fmt}?version=2").status_code == 404
    assert client.get("/o/testorg/registry.exe").status_code == 404


@pytest.mark.django_db
def test_api_gives_the_published_registry(client, organisation, two_versions):
    body = client.get("/api/v1/organizations/testorg/registry/").json()
    assert body["version"] == 1 and body["organization"] == "testorg"
    assert [p["name"] for p in body["processes"]] == ["Информирование", "Консультирование"]
    bad = client.get("/api/v1/organizations/testorg/registry/?version=x")
    assert bad.status_code == 400
    assert bad.json() == {"errors": [{"field": "version", "message": "Номер версии — целое число."}]}
    assert client.get("/api/v1/organizations/none/registry/").status_code == 404
    assert b"/api/v1/organizations/{slug}/registry/" in client.get("/api/schema/").content


@pytest.mark.django_db
def test_staff_form_keeps_input_and_explains_errors(client, organisation):
    approved_registry(organisation)
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    page = client.get("/staff/registry/changes/new/?kind=include").content.decode()
    assert 'name="submission_key"' in page
    process = organisation.processes.get(name="Информирование")
    response = client.post(
        "/staff/registry/changes/new/?kind=include",
        {
            "process": process.pk,
            "name": "Горячая линия",
            "channel_type": "phone",
            "kind": "offline",
            "address": "звоните",
            "legal_basis_kind": "document",
            "legal_basis": "Приказ № 1",
            "submission_key": "k1",
        },
    )
    html = response.content.decode()
    assert "«звоните» — не номер телефона" in html
    assert "Укажите хотя бы одну удовлетворяемую потребность клиента" in html
    assert 'value="Горячая линия"' in html  # what the person typed is kept
    assert not ChangeRequest.objects.exists()
    response = client.post(
        "/staff/registry/changes/new/?kind=include",
        {
            "process": process.pk,
            "name": "Горячая линия",
            "channel_type": "phone",
            "kind": "offline",
            "address": "8-800-100-00-00",
            "needs": ["get_consultation"],
            "legal_basis_kind": "document",
            "legal_basis": "Приказ № 1",
            "submission_key": "k1",
            "is_key": "on",
        },
    )
    assert response.status_code == 302
    assert ChangeRequest.objects.get().data["needs"] == [{"code": "get_consultation", "text": ""}]


@pytest.mark.django_db
def test_principles_report_lists_the_gaps(client, organisation):
    approved_registry(organisation)
    client.force_login(member(organisation, RoleCode.UNIT_HEAD))
    html = client.get("/staff/registry/principles/").content.decode()
    assert "Процессы без цифрового канала (1)" in html  # Консультирование has only the post
    assert "Точки без сведений о доступности (1)" in html
    assert "Информирование — Телефонная связь" in html


@pytest.mark.django_db
def test_staff_registry_pages_need_membership(client, organisation):
    approved_registry(organisation)
    response = client.get("/staff/registry/")
    assert response.status_code == 302
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    html = client.get("/staff/registry/").content.decode()
    assert "Действующий перечень" in html and "Предложить новую точку" in html


@pytest.mark.django_db
def test_keeper_returns_and_approves_through_the_pages(client, organisation):
    approved_registry(organisation)
    keeper = member(organisation, RoleCode.REGISTRY_KEEPER)
    change = registry_change_propose(
        actor=member(organisation, RoleCode.EXECUTOR),
        organisation=organisation,
        kind=ChangeKind.INCLUDE,
        data=touchpoint(name="Чат-бот", channel_type="chatbot", address="https://t.me/x"),
        process=organisation.processes.get(name="Информирование"),
    )
    client.force_login(keeper)
    empty = client.post(f"/staff/registry/changes/{change.pk}/return/", {"comment": ""}, follow=True)
    assert "Напишите, что нужно исправить." in empty.content.decode()
    returned = client.post(f"/staff/registry/changes/{change.pk}/return/", {"comment": "Уточните адрес"}, follow=True)
    assert "Возвращено на доработку" in returned.content.decode()
    change.refresh_from_db()
    assert change.return_comment == "Уточните адрес"
    again = client.post(f"/staff/registry/changes/{change.pk}/approve/", follow=True).content.decode()
    assert "Предложение уже рассмотрено (состояние: Возвращено на доработку)." in again


@pytest.mark.django_db
def test_files_stay_in_russian_for_an_english_reader(organisation, two_versions):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/o/testorg/registry/").content.decode()
    assert "Digital touchpoint" in page  # the page follows the reader
    csv_text = client.get("/o/testorg/registry.csv").content.decode()
    assert "Информирование" in csv_text
    import io

    from docx import Document

    docx = Document(io.BytesIO(client.get("/o/testorg/registry.docx").content))
    assert "Цифровая точка" in [cell.text for row in docx.tables[0].rows for cell in row.cells]
