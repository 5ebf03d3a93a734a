"""Property-based checks of the whole API against its own OpenAPI schema (schemathesis over WSGI, no network):
no server error and every documented response matches its schema, with bounded examples per operation."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from otklik.api.services import api_key_issue
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def api_schema(db):
    """The schema served by the app itself; calls go through WSGI inside the test's transaction."""
    from config.wsgi import application

    # As Django's test client does: a request's end must not close the connection holding the test transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(organisation):
    staff = member(
        organisation, RoleCode.REGISTRAR, RoleCode.HEAD, RoleCode.CONTROLLER, RoleCode.EXECUTOR, RoleCode.UNIT_HEAD
    )
    token = Token.objects.create(user=staff)
    key = api_key_issue(organisation=organisation, name="schemathesis", contact_email="dev@example.org").raw
    return {"Authorization": f"Token {token.key}", "X-Api-Key": key}


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=15,
    database=None,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case, credentials):
    case.call_and_validate(headers=credentials, checks=CHECKS)
