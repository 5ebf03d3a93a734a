"""staff_view: one refusal page for a person in no organisation, the 403 page for a missing role, a typed request."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.staff_access import StaffRequest, staff_view
from otklik.orgs.tests.factories import UserFactory, member

# A GET page of every room that uses staff_view.
STAFF_PAGES = [
    "/staff/",
    "/staff/organisation/",
    "/staff/calendar/",
    "/staff/registry/",
    "/staff/registry/changes/",
    "/staff/assignments/",
    "/staff/assignments/new/",
    "/staff/assignments/1/",
    "/staff/analysis/quarterly/",
    "/staff/faq/",
    "/staff/api-keys/",
    "/staff/feedback/",
    "/staff/feedback/follow-up/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_PAGES)
def test_a_person_in_no_organisation_gets_the_one_refusal_page(client, url):
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 403
    assert response.templates[0].name == "orgs/no_organisation.html"
    assert "не привязана ни к одной организации" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_missing_role_gets_the_403_page(client, organisation):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    response = client.get("/staff/assignments/new/")
    assert response.status_code == 403
    assert response.templates[0].name == "403.html"


def _request(user, organisation):
    request = RequestFactory().get("/staff/x/")
    request.user = user
    request.organisation = organisation
    return request


@pytest.mark.django_db
def test_the_view_gets_the_person_and_the_organisation(organisation):
    user = member(organisation, RoleCode.REGISTRAR)

    @staff_view(roles=(RoleCode.REGISTRAR,))
    def page(request: StaffRequest, pk: int) -> HttpResponse:
        return HttpResponse(f"{request.organisation.slug}:{request.user.username}:{pk}")

    assert page(_request(user, organisation), pk=7).content.decode() == f"testorg:{user.username}:7"
    with pytest.raises(PermissionDenied):
        page(_request(member(organisation, RoleCode.EXECUTOR), organisation), pk=7)
    administrator = member(organisation, RoleCode.ADMINISTRATOR)
    assert page(_request(administrator, organisation), pk=1).status_code == 200


@pytest.mark.django_db
def test_a_refusal_inside_the_view_becomes_403_or_404(organisation):
    user = member(organisation, RoleCode.EXECUTOR)

    def refuse(request: StaffRequest) -> HttpResponse:
        raise PermissionDeniedError("Нет доступа.")

    with pytest.raises(PermissionDenied):
        staff_view(refuse)(_request(user, organisation))
    with pytest.raises(Http404):
        staff_view(refusal=404)(refuse)(_request(user, organisation))


def test_an_anonymous_request_never_reaches_the_view():
    called = []

    @staff_view
    def page(request: StaffRequest) -> HttpResponse:
        called.append(request)
        return HttpResponse()

    response = page(_request(AnonymousUser(), None))
    assert response.status_code == 302 and called == []
