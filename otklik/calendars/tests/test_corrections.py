"""Calendar corrections: how they reach an organisation's calendar, who may make them, and what is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from otklik.calendars.models import CalendarCorrection
from otklik.calendars.selectors import CALENDARS, calendar_for, today_for
from otklik.calendars.services import calendar_correction_delete, calendar_correction_set
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, UserFactory, member

D = dt.date
RADONITSA = D(2026, 4, 21)  # Tuesday, working by the national calendar


def national(day: dt.date, working: bool, reason: str = "Постановление") -> CalendarCorrection:
    CALENDARS.forget()  # written past the services, which forget the calendars they change
    return CalendarCorrection.objects.create(organisation=None, date=day, is_working_day=working, reason=reason)


def own(organisation, day: dt.date, working: bool, reason: str = "Закон субъекта") -> CalendarCorrection:
    CALENDARS.forget()
    return CalendarCorrection.objects.create(organisation=organisation, date=day, is_working_day=working, reason=reason)


# --- calendar_for ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_corrections_the_calendar_is_the_national_one(organisation):
    calendar = calendar_for(organisation)
    assert calendar.add_working_days(D(2025, 12, 26), 3) == D(2026, 1, 12)
    assert calendar.working_days_in_year(2026) == 247


@pytest.mark.django_db
def test_a_national_correction_reaches_every_organisation(organisation):
    other = OrganisationFactory()
    national(RADONITSA, False)
    for org in (organisation, other, None):
        calendar = calendar_for(org)
        assert not calendar.is_working_day(RADONITSA)
        assert calendar.add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 22)
        assert calendar.working_days_in_year(2026) == 246


@pytest.mark.django_db
def test_the_organisations_own_correction_wins_over_the_national_one(organisation):
    other = OrganisationFactory()
    national(RADONITSA, False)
    own(organisation, RADONITSA, True, "Работаем по графику органа")
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 21)
    assert calendar_for(other).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 22)
    # and the other way round: the national correction makes a Sunday working, the body keeps it off
    national(D(2026, 1, 11), True)
    own(organisation, D(2026, 1, 11), False)
    assert calendar_for(organisation).add_working_days(D(2025, 12, 30), 1) == D(2026, 1, 12)
    assert calendar_for(other).add_working_days(D(2025, 12, 30), 1) == D(2026, 1, 11)


@pytest.mark.django_db
def test_another_organisations_correction_does_not_leak(organisation):
    other = OrganisationFactory()
    own(other, D(2026, 6, 11), False)  # Thursday before Russia Day, a day off only for `other`
    assert calendar_for(organisation).add_working_days(D(2026, 6, 10), 1) == D(2026, 6, 11)
    assert calendar_for(other).add_working_days(D(2026, 6, 10), 1) == D(2026, 6, 15)
    assert calendar_for(None).add_working_days(D(2026, 6, 10), 1) == D(2026, 6, 11)
    # 12.05.2026 + 30 = 11.06.2026: a working day here, a day off there (policy "preceding" -> 10.06)
    assert calendar_for(organisation).add_calendar_days(D(2026, 5, 12), 30) == D(2026, 6, 11)
    assert calendar_for(other).add_calendar_days(D(2026, 5, 12), 30) == D(2026, 6, 10)


# --- calendar_correction_set -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_administrator_sets_a_correction_and_it_is_audited_once(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    correction = calendar_correction_set(
        actor=admin, organisation=organisation, date=RADONITSA, is_working_day=False, reason="  Радоница — закон  "
    )
    assert (correction.organisation, correction.date, correction.is_working_day) == (organisation, RADONITSA, False)
    assert correction.reason == "Радоница — закон"  # trimmed
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 22)
    entry = AuditEntry.objects.get()
    assert entry.action == "calendar.correction_set"
    assert (entry.actor, entry.organisation) == (admin, organisation)
    assert (entry.object_type, entry.object_id) == ("calendars.calendarcorrection", str(correction.pk))
    assert entry.before is None
    assert entry.after == {"date": "2026-04-21", "is_working_day": False, "reason": "Радоница — закон"}


@pytest.mark.django_db
def test_setting_the_same_date_again_updates_the_correction(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    first = calendar_correction_set(
        actor=admin, organisation=organisation, date=RADONITSA, is_working_day=False, reason="Закон № 1"
    )
    second = calendar_correction_set(
        actor=admin, organisation=organisation, date=RADONITSA, is_working_day=False, reason="Закон № 2"
    )
    assert second.pk == first.pk
    assert CalendarCorrection.objects.get().reason == "Закон № 2"
    entries = list(AuditEntry.objects.filter(action="calendar.correction_set").order_by("id"))
    assert len(entries) == 2
    first_state = {"date": "2026-04-21", "is_working_day": False, "reason": "Закон № 1"}
    assert entries[0].before is None
    assert entries[1].before == entries[0].after == first_state
    assert entries[1].after == {"date": "2026-04-21", "is_working_day": False, "reason": "Закон № 2"}
    # an existing correction may also be turned back to the national status
    calendar_correction_set(
        actor=admin, organisation=organisation, date=RADONITSA, is_working_day=True, reason="Закон отменён"
    )
    assert CalendarCorrection.objects.count() == 1
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 21)


@pytest.mark.django_db
@pytest.mark.parametrize("roles", [(RoleCode.EXECUTOR,), (RoleCode.HEAD, RoleCode.CONTROLLER), ()])
def test_a_non_administrator_is_refused(organisation, roles):
    actor = member(organisation, *roles)
    with pytest.raises(PermissionDeniedError, match="нужна роль: Администратор"):
        calendar_correction_set(
            actor=actor, organisation=organisation, date=RADONITSA, is_working_day=False, reason="Закон"
        )
    assert not CalendarCorrection.objects.exists()
    assert not AuditEntry.objects.exists()
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 21)


@pytest.mark.django_db
def test_an_administrator_of_another_organisation_or_a_stranger_is_refused(organisation):
    foreign_admin = member(OrganisationFactory(), RoleCode.ADMINISTRATOR)
    for actor in (foreign_admin, UserFactory(), AnonymousUser()):
        with pytest.raises(PermissionDeniedError, match="«Тестовое министерство»"):
            calendar_correction_set(
                actor=actor, organisation=organisation, date=RADONITSA, is_working_day=False, reason="Закон"
            )
    assert not CalendarCorrection.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_an_empty_reason_is_refused(organisation, reason):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    with pytest.raises(ApplicationError) as caught:
        calendar_correction_set(
            actor=admin, organisation=organisation, date=RADONITSA, is_working_day=False, reason=reason
        )
    assert caught.value.message == "Укажите основание поправки (например, реквизиты акта)."
    assert caught.value.field == "reason"
    assert not CalendarCorrection.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "working", "message"),
    [
        (D(2026, 1, 1), False, "01.01.2026 уже является нерабочим днём по производственному календарю."),
        (D(2025, 12, 31), False, "31.12.2025 уже является нерабочим днём по производственному календарю."),
        (D(2026, 5, 10), False, "10.05.2026 уже является нерабочим днём по производственному календарю."),
        (RADONITSA, True, "21.04.2026 уже является рабочим днём по производственному календарю."),
        (D(2025, 11, 1), True, "01.11.2025 уже является рабочим днём по производственному календарю."),  # Saturday
    ],
    ids=str,
)
def test_a_correction_that_changes_nothing_is_refused(organisation, day, working, message):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    with pytest.raises(ApplicationError) as caught:
        calendar_correction_set(
            actor=admin, organisation=organisation, date=day, is_working_day=working, reason="Закон"
        )
    assert caught.value.message == message
    assert caught.value.field == "date"
    assert not CalendarCorrection.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_working_saturday_can_be_made_a_day_off_for_one_organisation(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    calendar_correction_set(
        actor=admin, organisation=organisation, date=D(2025, 11, 1), is_working_day=False, reason="Приказ"
    )
    assert calendar_for(organisation).add_working_days(D(2025, 10, 31), 1) == D(2025, 11, 5)
    assert calendar_for(OrganisationFactory()).add_working_days(D(2025, 10, 31), 1) == D(2025, 11, 1)


# --- national corrections ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_a_superuser_sets_a_national_correction(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    for actor in (admin, AnonymousUser()):
        with pytest.raises(ApplicationError) as caught:
            calendar_correction_set(
                actor=actor, organisation=None, date=RADONITSA, is_working_day=False, reason="Постановление"
            )
        assert caught.value.message == "Поправки для всех организаций вносит только администратор системы."
    assert not CalendarCorrection.objects.exists()
    assert not AuditEntry.objects.exists()

    root = UserFactory(is_superuser=True, is_staff=True)
    correction = calendar_correction_set(
        actor=root, organisation=None, date=RADONITSA, is_working_day=False, reason="Постановление № 1"
    )
    assert correction.organisation is None
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 22)
    entry = AuditEntry.objects.get(action="calendar.correction_set")
    assert (entry.actor, entry.organisation) == (root, None)
    assert entry.after == {"date": "2026-04-21", "is_working_day": False, "reason": "Постановление № 1"}


@pytest.mark.django_db
def test_a_superuser_may_also_correct_one_organisations_calendar(organisation):
    root = UserFactory(is_superuser=True, is_staff=True)
    calendar_correction_set(
        actor=root, organisation=organisation, date=RADONITSA, is_working_day=False, reason="Закон субъекта"
    )
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 22)
    assert calendar_for(None).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 21)


# --- calendar_correction_delete ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_deleting_a_correction_restores_the_national_day_and_is_audited(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    correction = calendar_correction_set(
        actor=admin, organisation=organisation, date=RADONITSA, is_working_day=False, reason="Закон"
    )
    pk = correction.pk
    calendar_correction_delete(actor=admin, correction=correction)
    assert not CalendarCorrection.objects.exists()
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 21)
    entry = AuditEntry.objects.get(action="calendar.correction_deleted")
    assert (entry.actor, entry.organisation, entry.object_id) == (admin, organisation, str(pk))
    assert entry.before == {"date": "2026-04-21", "is_working_day": False, "reason": "Закон"}
    assert entry.after is None
    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db
def test_a_non_administrator_cannot_delete_a_correction(organisation):
    correction = own(organisation, RADONITSA, False)
    executor = member(organisation, RoleCode.EXECUTOR)
    with pytest.raises(PermissionDeniedError):
        calendar_correction_delete(actor=executor, correction=correction)
    foreign_admin = member(OrganisationFactory(), RoleCode.ADMINISTRATOR)
    with pytest.raises(PermissionDeniedError):
        calendar_correction_delete(actor=foreign_admin, correction=correction)
    assert CalendarCorrection.objects.filter(pk=correction.pk).exists()
    assert not AuditEntry.objects.exists()
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 22)


@pytest.mark.django_db
def test_only_a_superuser_deletes_a_national_correction(organisation):
    correction = national(RADONITSA, False)
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    with pytest.raises(ApplicationError, match="только администратор системы"):
        calendar_correction_delete(actor=admin, correction=correction)
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 22)
    root = UserFactory(is_superuser=True, is_staff=True)
    calendar_correction_delete(actor=root, correction=correction)
    assert calendar_for(organisation).add_working_days(D(2026, 4, 20), 1) == D(2026, 4, 21)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.organisation, entry.actor) == ("calendar.correction_deleted", None, root)


# --- today_for ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_today_is_the_day_in_the_organisations_time_zone(organisation):
    far_east = OrganisationFactory(timezone="Asia/Vladivostok")
    moment = dt.datetime(2026, 1, 11, 15, 30, tzinfo=dt.UTC)  # 18:30 in Moscow, 01:30 next day in Vladivostok
    assert today_for(organisation, now=moment) == D(2026, 1, 11)
    assert today_for(far_east, now=moment) == D(2026, 1, 12)
    # a term counted from "today" therefore ends a day later in Vladivostok
    assert calendar_for(organisation).add_working_days(today_for(organisation, now=moment), 1) == D(2026, 1, 12)
    assert calendar_for(far_east).add_working_days(today_for(far_east, now=moment), 1) == D(2026, 1, 13)


@pytest.mark.django_db
def test_today_without_a_moment_is_the_current_local_day(organisation):
    far_east = OrganisationFactory(timezone="Asia/Vladivostok")
    before = timezone.localdate(timezone=far_east.tz)
    today = today_for(far_east)
    after = timezone.localdate(timezone=far_east.tz)
    assert today in {before, after}


@pytest.mark.django_db
def test_an_organisation_can_undo_a_national_correction(organisation):
    root = UserFactory(is_superuser=True)
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    calendar_correction_set(
        actor=root, organisation=None, date=dt.date(2026, 4, 21), is_working_day=False, reason="Постановление"
    )
    assert not calendar_for(organisation).is_working_day(dt.date(2026, 4, 21))
    calendar_correction_set(
        actor=admin, organisation=organisation, date=dt.date(2026, 4, 21), is_working_day=True, reason="Закон субъекта"
    )
    assert calendar_for(organisation).is_working_day(dt.date(2026, 4, 21))
    other = OrganisationFactory()
    other_admin = member(other, RoleCode.ADMINISTRATOR)
    with pytest.raises(ApplicationError, match="21.04.2026 уже является нерабочим днём"):
        calendar_correction_set(
            actor=other_admin, organisation=other, date=dt.date(2026, 4, 21), is_working_day=False, reason="x"
        )
