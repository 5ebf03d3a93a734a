"""Staff places and organisation settings change only through services, which audit each change."""

import pytest

from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.services import membership_set, organisation_settings_update
from otklik.orgs.tests.factories import OrganisationFactory, UnitFactory, UserFactory, member


@pytest.mark.django_db
def test_membership_set_places_a_person_and_audits_once(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    unit = UnitFactory(organisation=organisation)
    person = UserFactory()
    kwargs = dict(
        actor=admin,
        organisation=organisation,
        user=person,
        unit=unit,
        position="Консультант",
        role_codes=[RoleCode.EXECUTOR, RoleCode.REGISTRAR],
    )
    membership = membership_set(**kwargs)
    assert sorted(membership.roles.values_list("code", flat=True)) == ["executor", "registrar"]
    membership_set(**kwargs)  # the same again: nothing changes, nothing is audited
    entries = AuditEntry.objects.filter(object_type="orgs.membership")
    assert [e.action for e in entries] == ["membership.created"]
    assert entries[0].after["roles"] == ["executor", "registrar"]


@pytest.mark.django_db
def test_membership_set_refuses_a_unit_of_another_body_and_a_non_admin(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    foreign_unit = UnitFactory(organisation=OrganisationFactory())
    with pytest.raises(ApplicationError, match="другой организации"):
        membership_set(
            actor=admin, organisation=organisation, user=UserFactory(), unit=foreign_unit, position="", role_codes=[]
        )
    executor = member(organisation, RoleCode.EXECUTOR)
    with pytest.raises(PermissionDeniedError):
        membership_set(
            actor=executor,
            organisation=organisation,
            user=executor,
            unit=None,
            position="",
            role_codes=[RoleCode.ADMINISTRATOR],
        )
    assert not executor.memberships.get().roles.filter(code=RoleCode.ADMINISTRATOR).exists()


@pytest.mark.django_db
def test_settings_update_validates_and_audits(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    organisation_settings_update(actor=admin, organisation=organisation, changes={"appeal_term_days": 15})
    organisation.refresh_from_db()
    assert organisation.appeal_term_days == 15
    entry = AuditEntry.objects.get(action="organisation.settings_changed")
    assert (entry.before, entry.after) == ({"appeal_term_days": 30}, {"appeal_term_days": 15})
    with pytest.raises(ApplicationError):
        organisation_settings_update(actor=admin, organisation=organisation, changes={"slug": "x"})
    with pytest.raises(ApplicationError, match="Неизвестный часовой пояс: Mars/Olympus"):
        organisation_settings_update(actor=admin, organisation=organisation, changes={"timezone": "Mars/Olympus"})
    organisation.refresh_from_db()
    assert organisation.timezone == "Europe/Moscow"
