"""The registry workflow: a unit proposes, the authorised person checks, approves into a version, publishes."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail

from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member
from otklik.touchpoints.choices import ChangeKind, ChangeStatus
from otklik.touchpoints.models import ChangeRequest, RegistryVersion, Touchpoint
from otklik.touchpoints.services import (
    registry_change_approve,
    registry_change_propose,
    registry_change_resubmit,
    registry_change_return,
    registry_change_withdraw,
    registry_import_approved,
    registry_version_publish,
)

from .factories import approved_registry, touchpoint

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


@pytest.fixture
def people(organisation):
    return {
        "employee": member(organisation, RoleCode.EXECUTOR),
        "keeper": member(organisation, RoleCode.REGISTRY_KEEPER),
        "stranger": member(organisation, RoleCode.RECEPTION_OFFICER),
    }


@pytest.fixture
def registry(organisation):
    return approved_registry(organisation)


def _information(organisation):
    return organisation.processes.get(name="Информирование")


def _state():
    return (
        list(Touchpoint.objects.order_by("pk").values()),
        list(RegistryVersion.objects.order_by("pk").values("number", "published_at")),
    )


@pytest.mark.django_db
def test_preset_registry_is_version_one_published_and_reloading_changes_nothing(organisation, registry):
    assert (registry.number, registry.reasons) == (1, ["initial"])
    assert registry.published_at is not None
    assert [p["name"] for p in registry.snapshot["processes"]] == ["Информирование", "Консультирование"]
    again = registry_import_approved(
        organisation=organisation, title=registry.snapshot["title"], approval="", processes=[], actor=None
    )
    assert again is None
    assert RegistryVersion.objects.count() == 1


@pytest.mark.django_db
def test_the_full_path_from_proposal_to_published_version(
    organisation, registry, people, django_capture_on_commit_callbacks
):
    keeper, employee = people["keeper"], people["employee"]
    keeper.email = "keeper@minprom.example.ru"
    keeper.save()
    with django_capture_on_commit_callbacks(execute=True):
        change = registry_change_propose(
            actor=employee,
            organisation=organisation,
            kind=ChangeKind.INCLUDE,
            data=touchpoint(name="Видеоконференцсвязь", channel_type="video", kind="digital", address=""),
            process=_information(organisation),
            justification="Консультации по ВКС с 2026 года",
        )
    assert change.status == ChangeStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [["keeper@minprom.example.ru"]]
    assert "новое предложение" in mail.outbox[0].subject
    assert not Touchpoint.objects.filter(name="Видеоконференцсвязь").exists()  # nothing before approval

    with pytest.raises(ApplicationError, match="Напишите, что нужно исправить"):
        registry_change_return(actor=keeper, change=change, comment="  ")
    registry_change_return(actor=keeper, change=change, comment="Укажите платформу ВКС в особенностях")
    with pytest.raises(ApplicationError, match="уже рассмотрено"):
        registry_change_approve(actor=keeper, change=change)
    registry_change_resubmit(
        actor=employee,
        change=change,
        data=touchpoint(
            name="Видеоконференцсвязь",
            channel_type="video",
            kind="digital",
            address="",
            features="Платформа «Сферум», по записи",
        ),
        process=_information(organisation),
        justification="Добавлена платформа",
    )

    with time_machine.travel(dt.datetime(2026, 4, 28, 10, 0, tzinfo=MSK), tick=False):
        version = registry_change_approve(actor=keeper, change=change)
    assert version.number == 2
    assert version.reasons == ["new_touchpoint"]
    # 10 working days after 28.04.2026: the May holidays (1 and 11 May) are skipped.
    assert version.publish_due == dt.date(2026, 5, 14)
    assert version.published_at is None
    added = Touchpoint.objects.get(name="Видеоконференцсвязь")
    assert added.features == "Платформа «Сферум», по записи"
    names = [t["name"] for t in version.snapshot["processes"][0]["touchpoints"]]
    assert names == ["Официальный сайт Министерства", "Телефонная связь", "Видеоконференцсвязь"]

    with pytest.raises(PermissionDeniedError):
        registry_version_publish(actor=employee, version=version)
    registry_version_publish(actor=keeper, version=version)
    version.refresh_from_db()
    assert version.published_by == keeper
    actions = list(AuditEntry.objects.filter(object_type="touchpoints.changerequest").values_list("action", flat=True))
    assert sorted(actions) == sorted(
        [
            "registry.change_proposed",
            "registry.change_returned",
            "registry.change_resubmitted",
            "registry.change_approved",
        ]
    )
    assert AuditEntry.objects.filter(action="registry.version_published", object_id=str(version.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (touchpoint(needs=[]), "Укажите хотя бы одну удовлетворяемую потребность"),
        (touchpoint(name="Сайт", address="minprom.example.ru"), "«minprom.example.ru» — не ссылка"),
        (
            touchpoint(name="Горячая линия", channel_type="phone", kind="offline", address="звоните нам"),
            "«звоните нам» — не номер телефона",
        ),
        (touchpoint(name="Почта", channel_type="email", address="info(at)minprom.ru"), "не адрес электронной почты"),
        (touchpoint(name="Чат", legal_basis=""), "Укажите основание"),
        (
            touchpoint(name="Официальный сайт министерства"),
            "дублирует уже включённую в процесс «Информирование»: «Официальный сайт Министерства»",
        ),
        (
            touchpoint(name="Другое имя", address="https://minprom.example.ru/"),
            "«Официальный сайт Министерства» (https://minprom.example.ru/)",
        ),
    ],
)
def test_bad_proposals_are_refused_and_nothing_changes(organisation, registry, people, data, message):
    before = _state()
    with pytest.raises(ApplicationError, match=re.escape(message)):
        registry_change_propose(
            actor=people["employee"],
            organisation=organisation,
            kind=ChangeKind.INCLUDE,
            data=data,
            process=_information(organisation),
        )
    assert ChangeRequest.objects.count() == 0
    assert _state() == before


@pytest.mark.django_db
def test_the_same_touchpoint_may_serve_another_process(organisation, registry, people):
    change = registry_change_propose(
        actor=people["employee"],
        organisation=organisation,
        kind=ChangeKind.INCLUDE,
        data=touchpoint(),
        process=organisation.processes.get(name="Консультирование"),
    )
    assert change.status == ChangeStatus.SUBMITTED


@pytest.mark.django_db
def test_change_and_exclusion_give_their_reasons(organisation, registry, people):
    phone = Touchpoint.objects.get(name="Телефонная связь")
    data = {field: getattr(phone, field) for field in touchpoint()}
    data["needs"] = [*phone.needs, {"code": "get_consultation", "text": ""}]
    change = registry_change_propose(
        actor=people["employee"], organisation=organisation, kind=ChangeKind.CHANGE, data=data, touchpoint=phone
    )
    with pytest.raises(ApplicationError, match="уже есть нерассмотренное предложение"):
        registry_change_propose(
            actor=people["employee"],
            organisation=organisation,
            kind=ChangeKind.EXCLUDE,
            touchpoint=phone,
            justification="x",
        )
    version = registry_change_approve(actor=people["keeper"], change=change)
    assert version.reasons == ["needs_changed"]

    site = Touchpoint.objects.get(name="Официальный сайт Министерства")
    with pytest.raises(ApplicationError, match="почему точка исключается"):
        registry_change_propose(
            actor=people["employee"], organisation=organisation, kind=ChangeKind.EXCLUDE, touchpoint=site
        )
    exclusion = registry_change_propose(
        actor=people["employee"],
        organisation=organisation,
        kind=ChangeKind.EXCLUDE,
        touchpoint=site,
        justification="Сайт переехал на платформу Госвеб",
    )
    version = registry_change_approve(actor=people["keeper"], change=exclusion)
    assert version.reasons == ["excluded"]
    assert version.number == 3
    site.refresh_from_db()
    assert not site.is_active
    assert "Официальный сайт Министерства" not in str(version.snapshot)


@pytest.mark.django_db
def test_a_proposal_on_a_touchpoint_changed_meanwhile_is_not_approved(organisation, registry, people):
    phone = Touchpoint.objects.get(name="Телефонная связь")
    data = {field: getattr(phone, field) for field in touchpoint()}
    first = registry_change_propose(
        actor=people["employee"],
        organisation=organisation,
        kind=ChangeKind.CHANGE,
        touchpoint=phone,
        data={**data, "kind": "digital", "channel_type": "phone"},
    )
    Touchpoint.objects.filter(pk=phone.pk).update(address="+7 (4812) 00-00-00")  # e.g. an admin correction
    with pytest.raises(ApplicationError, match="изменилась после подготовки предложения"):
        registry_change_approve(actor=people["keeper"], change=first)
    assert RegistryVersion.objects.count() == 1


@pytest.mark.django_db
def test_only_the_right_people_act(organisation, registry, people):
    with pytest.raises(PermissionDeniedError):
        registry_change_propose(
            actor=people["stranger"],
            organisation=organisation,
            kind=ChangeKind.INCLUDE,
            data=touchpoint(name="Чат-бот"),
            process=_information(organisation),
        )
    change = registry_change_propose(
        actor=people["employee"],
        organisation=organisation,
        kind=ChangeKind.INCLUDE,
        data=touchpoint(name="Чат-бот", channel_type="chatbot", address="https://t.me/minprom_bot"),
        process=_information(organisation),
    )
    with pytest.raises(PermissionDeniedError):
        registry_change_approve(actor=people["employee"], change=change)
    with pytest.raises(PermissionDeniedError):
        registry_change_withdraw(actor=people["keeper"], change=change)
    registry_change_withdraw(actor=people["employee"], change=change)
    with pytest.raises(ApplicationError, match="уже рассмотрено"):
        registry_change_approve(actor=people["keeper"], change=change)


@pytest.mark.django_db
def test_a_double_submit_creates_one_proposal(organisation, registry, people):
    kwargs = dict(
        actor=people["employee"],
        organisation=organisation,
        kind=ChangeKind.INCLUDE,
        data=touchpoint(name="Чат-бот", channel_type="chatbot", address="https://t.me/minprom_bot"),
        process=_information(organisation),
        submission_key="form-123",
    )
    assert registry_change_propose(**kwargs).pk == registry_change_propose(**kwargs).pk
    assert ChangeRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_new_process_appears_with_its_first_touchpoint(organisation, registry, people):
    change = registry_change_propose(
        actor=people["employee"],
        organisation=organisation,
        kind=ChangeKind.INCLUDE,
        data=touchpoint(
            name="Места нахождения внешних клиентов",
            channel_type="onsite",
            kind="offline",
            address="",
            needs=[{"code": "present_objects", "text": ""}],
        ),
        new_process_name="Профилактический визит",
    )
    version = registry_change_approve(actor=people["keeper"], change=change)
    assert [p["name"] for p in version.snapshot["processes"]][-1] == "Профилактический визит"
    assert version.snapshot["processes"][-1]["number"] == 3


@pytest.mark.django_db
def test_publishing_the_newest_supersedes_older_unpublished_versions(organisation, registry, people):
    versions = []
    for name in ("Чат-бот", "Мессенджер"):
        change = registry_change_propose(
            actor=people["employee"],
            organisation=organisation,
            kind=ChangeKind.INCLUDE,
            data=touchpoint(name=name, channel_type="chatbot", address=f"https://t.me/{len(name)}"),
            process=_information(organisation),
        )
        versions.append(registry_change_approve(actor=people["keeper"], change=change))
    with pytest.raises(ApplicationError, match="Есть более новая версия 3"):
        registry_version_publish(actor=people["keeper"], version=versions[0])
    registry_version_publish(actor=people["keeper"], version=versions[1])
    versions[0].refresh_from_db()
    assert versions[0].superseded and versions[0].published_at is None
    with pytest.raises(ApplicationError, match="уже опубликована"):
        registry_version_publish(actor=people["keeper"], version=versions[1])
