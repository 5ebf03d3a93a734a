"""API v1 foundations: public organisation cards, token authentication and the error format."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member


@pytest.mark.django_db
def test_organisations_are_public(organisation):
    client = APIClient()
    listing = client.get("/api/v1/organizations/").json()
    assert [org["slug"] for org in listing] == ["testorg"]
    detail = client.get("/api/v1/organizations/testorg/").json()
    assert detail["appeal_term_days"] == 30 and detail["channels"] == []
    missing = client.get("/api/v1/organizations/nope/")
    assert missing.status_code == 404
    assert missing.json() == {"errors": [{"field": None, "message": "Страница не найдена."}]}


@pytest.mark.django_db
def test_a_token_from_the_command_authenticates(organisation):
    user = member(organisation, RoleCode.REGISTRAR)
    out = StringIO()
    call_command("create_api_token", user.username, stdout=out)
    key = out.getvalue().strip()
    again = StringIO()
    call_command("create_api_token", user.username, stdout=again)
    assert again.getvalue().strip() == key
    client = APIClient()
    assert client.get("/api/v1/me/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = client.get("/api/v1/me/").json()
    assert body["organisations"] == [{"slug": "testorg", "roles": ["registrar"]}]


@pytest.mark.django_db
def test_a_bad_token_gets_the_common_error_format():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"]


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organizations/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "cdn." not in docs and "jsdelivr" not in docs


def test_every_operation_declares_its_error_answers(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert operations
    for path, method, operation in operations:
        for code in ("400", "403", "404"):
            answer = operation["responses"].get(code)
            assert answer, f"{method.upper()} {path} does not declare {code}"
            assert answer["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error"
