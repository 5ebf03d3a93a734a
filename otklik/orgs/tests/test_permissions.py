"""Roles decide what a person may do inside an organisation, and only there."""

import pytest

from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.permissions import has_role, is_member, require_role
from otklik.orgs.selectors import organisation_for_user, organisations_for_user, staff_list
from otklik.orgs.tests.factories import OrganisationFactory, UserFactory, member


@pytest.mark.django_db
def test_a_role_counts_only_in_its_own_organisation(organisation):
    other = OrganisationFactory()
    keeper = member(organisation, RoleCode.REGISTRY_KEEPER)
    assert has_role(keeper, organisation, RoleCode.REGISTRY_KEEPER)
    assert not has_role(keeper, organisation, RoleCode.CONTROLLER)
    assert not has_role(keeper, other, RoleCode.REGISTRY_KEEPER)
    assert not is_member(keeper, other)
    with pytest.raises(PermissionDeniedError, match="Контролёр"):
        require_role(keeper, organisation, RoleCode.CONTROLLER)


@pytest.mark.django_db
def test_administrator_and_superuser_may_do_everything(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    root = UserFactory(is_superuser=True)
    for user in (admin, root):
        assert has_role(user, organisation, RoleCode.CONTROLLER, RoleCode.REGISTRAR)


@pytest.mark.django_db
def test_inactive_people_and_strangers_see_nothing(organisation):
    outsider = UserFactory()
    retired = member(organisation, RoleCode.ADMINISTRATOR)
    retired.is_active = False
    retired.save()
    assert not has_role(retired, organisation, RoleCode.ADMINISTRATOR)
    assert list(organisations_for_user(outsider)) == []
    with pytest.raises(PermissionDeniedError):
        organisation_for_user(user=outsider, slug=organisation.slug)
    with pytest.raises(PermissionDeniedError):
        staff_list(user=outsider, organisation=organisation)
