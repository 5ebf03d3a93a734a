"""Client applications: a key at once, submit and poll with it, throttling per key, revocation, no staff data."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from otklik.api.models import ApiKey, ApiSubmission
from otklik.api.services import api_key_issue, api_key_revoke
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, member

APPEAL = {
    "kind": "appeal",
    "text": "Прошу отремонтировать дорогу на улице Ленина.",
    "author": {"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"},
    "submission_key": "my-app-1",  # each application's keys are its own
}


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_the_developer_page_issues_a_key_shown_once_and_stores_only_its_hash(client, organisation):
    page = client.get("/o/testorg/developers/").content.decode()
    assert "Зарегистрировать приложение" in page and "/api/docs/" in page
    key = client.get("/o/testorg/developers/").context["form"].initial["submission_key"]
    refused = client.post(
        "/o/testorg/developers/", {"name": "Мой город", "contact_email": "not-an-email", "submission_key": key}
    )
    text = refused.content.decode()
    assert "Введите правильный адрес электронной почты." in text and 'value="Мой город"' in text
    issued = client.post(
        "/o/testorg/developers/", {"name": "Мой город", "contact_email": "dev@example.org", "submission_key": key}
    )
    html = issued.content.decode()
    key = ApiKey.objects.get()
    raw = html.split('data-testid="api-key">', 1)[1].split("<", 1)[0]
    assert raw.startswith("otk_") and raw.startswith(key.prefix) and raw not in key.key_hash
    assert "показывается один раз" in html
    assert raw not in client.get("/o/testorg/developers/").content.decode()


@pytest.mark.django_db
def test_submit_and_poll_with_the_key(api, organisation):
    raw = api_key_issue(organisation=organisation, name="Мой город", contact_email="dev@example.org").raw
    assert api.post("/api/v1/client/appeals/", APPEAL, format="json").status_code in (401, 403)
    created = api.post("/api/v1/client/appeals/", APPEAL, format="json", HTTP_X_API_KEY=raw)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["number"] and body["access_code"] and ApiSubmission.objects.filter(appeal_id=body["id"]).exists()
    polled = api.get(f"/api/v1/client/appeals/{body['id']}/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert polled.status_code == 200 and polled.json()["status"] == "registered" and polled.json()["answer"] is None
    bad = api.post(
        "/api/v1/client/appeals/", {**APPEAL, "author": {"last_name": "Петрова"}}, format="json", HTTP_X_API_KEY=raw
    )
    assert bad.status_code == 400 and bad.json() == {
        "errors": [{"field": "author.first_name", "message": "Укажите имя."}]
    }
    wrong = api.get("/api/v1/client/appeals/1/", HTTP_X_API_KEY="otk_nonsense")
    assert (
        wrong.status_code in (401, 403) and wrong.json()["errors"][0]["message"] == "Ключ API неизвестен или отозван."
    )


@pytest.mark.django_db
def test_a_key_sees_only_its_own_appeals_and_never_staff_endpoints(api, organisation):
    mine = api_key_issue(organisation=organisation, name="A", contact_email="a@example.org").raw
    other_org = OrganisationFactory(slug="other")
    theirs = api_key_issue(organisation=other_org, name="B", contact_email="b@example.org").raw
    appeal_id = api.post("/api/v1/client/appeals/", APPEAL, format="json", HTTP_X_API_KEY=mine).json()["id"]
    assert api.get(f"/api/v1/client/appeals/{appeal_id}/", HTTP_X_API_KEY=theirs).status_code == 404
    for path in (f"/api/v1/appeals/{appeal_id}/", "/api/v1/me/"):
        assert api.get(path, HTTP_X_API_KEY=mine).status_code in (401, 403)
        assert api.get(path, HTTP_AUTHORIZATION=f"Api-Key {mine}").status_code in (401, 403)


@pytest.mark.django_db
def test_revoked_keys_are_refused_and_only_managers_revoke(api, organisation):
    issued = api_key_issue(organisation=organisation, name="A", contact_email="a@example.org")
    with pytest.raises(PermissionDeniedError):
        api_key_revoke(actor=member(organisation, RoleCode.EXECUTOR), key=issued.key)
    head = member(organisation, RoleCode.HEAD)
    api_key_revoke(actor=head, key=issued.key)
    response = api.get("/api/v1/client/appeals/1/", HTTP_X_API_KEY=issued.raw)
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_staff_revoke_on_their_page(client, organisation):
    issued = api_key_issue(organisation=organisation, name="Мой город", contact_email="a@example.org")
    head = member(organisation, RoleCode.HEAD)
    client.force_login(head)
    page = client.get("/staff/api-keys/").content.decode()
    assert "Мой город" in page and issued.key.prefix in page and issued.raw not in page
    client.post(f"/staff/api-keys/{issued.key.pk}/revoke/")
    issued.key.refresh_from_db()
    assert issued.key.revoked_at is not None and issued.key.revoked_by == head
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    assert client.get("/staff/api-keys/").status_code == 404


@pytest.mark.django_db
def test_each_key_has_its_own_budget(api, organisation, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_key": "3/min"}
    first = api_key_issue(organisation=organisation, name="A", contact_email="a@example.org").raw
    second = api_key_issue(organisation=organisation, name="B", contact_email="b@example.org").raw
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        codes = [api.get("/api/v1/client/appeals/999/", HTTP_X_API_KEY=first).status_code for _ in range(4)]
        assert codes == [404, 404, 404, 429]
        assert api.get("/api/v1/client/appeals/999/", HTTP_X_API_KEY=second).status_code == 404
