"""One intake from every adapter: the same input stores the same appeal, and author limits are the model's."""

import dataclasses
import datetime as dt
import json
import uuid
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from otklik.api.appeals import AuthorSerializer
from otklik.api.services import api_key_issue
from otklik.appeals.choices import IntakeChannel
from otklik.appeals.forms import StaffRegistrationForm
from otklik.appeals.intake import AUTHOR_FIELDS, Representative
from otklik.appeals.models import Appeal, Author
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member
from otklik.portal.appeal_forms import AppealForm

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
NOW = dt.datetime(2026, 4, 1, 11, 0, tzinfo=MSK)
TEXT = "На улице Ленина с октября не горят фонари."
# What every adapter accepts; the padding is trimmed the same way whichever door it comes through.
PERSON = {
    "last_name": " Петрова ",
    "first_name": "Анна",
    "email": "petrova@example.org",
    "phone": "+7 900 000-00-00",
    "postal_address": "214000, г. Смоленск, ул. Ленина, 1",
}


def model_limit(name: str) -> int:
    return Author._meta.get_field(name).max_length


def _form_errors(response) -> dict[str, str]:
    if response.status_code == 302:
        return {}
    errors = response.context["form"].errors
    return {(f"author.{name}" if name in AUTHOR_FIELDS else name): messages[0] for name, messages in errors.items()}


def _api_errors(response) -> dict[str, str]:
    if response.status_code in (200, 201):
        return {}
    return {item["field"]: item["message"] for item in response.json()["errors"]}


def via_portal(client, organisation, author):
    data = {"kind": "appeal", "author_kind": "person", "middle_name": "", "organisation_name": "", **author}
    data |= {"form": "complaint", "text": f"  {TEXT}  ", "consent": "on", "submission_key": uuid.uuid4().hex}
    return _form_errors(client.post(reverse("portal:appeal_new", args=[organisation.slug]), data))


def via_staff_form(client, organisation, author):
    client.force_login(member(organisation, RoleCode.REGISTRAR))
    data = {"kind": "appeal", "channel": "email", "received_at": "2026-04-01T11:00", "registered_on": "2026-04-01"}
    data |= {"author_kind": "person", "middle_name": "", "organisation_name": "", **author}
    data |= {"representative_name": "", "representative_authority": "", "covering_letter": "", "classifier_codes": ""}
    data |= {"form": "complaint", "text": f"  {TEXT}  ", "submission_key": uuid.uuid4().hex}
    return _form_errors(client.post("/staff/appeals/new/", data))


def via_staff_api(client, organisation, author):
    out = StringIO()
    call_command("create_api_token", member(organisation, RoleCode.REGISTRAR).username, stdout=out)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    body = {"organization": organisation.slug, "kind": "appeal", "channel": "email", "form": "complaint"}
    body["submission_key"] = uuid.uuid4().hex
    return _api_errors(api.post("/api/v1/appeals/", {**body, "author": author, "text": TEXT}, format="json"))


def _client_key(organisation) -> str:
    return api_key_issue(organisation=organisation, name="Мой город", contact_email="dev@example.org").raw


def via_client_api(client, organisation, author):
    body = {"kind": "appeal", "form": "complaint", "author": author, "text": TEXT, "submission_key": uuid.uuid4().hex}
    response = APIClient().post(
        "/api/v1/client/appeals/", body, format="json", HTTP_X_API_KEY=_client_key(organisation)
    )
    return _api_errors(response)


def via_open311(client, organisation, author):
    data = {"jurisdiction_id": organisation.slug, "service_code": "appeal", "api_key": _client_key(organisation)}
    data |= {name: value for name, value in author.items() if name != "postal_address"}
    data |= {"attribute[postal_address]": author["postal_address"], "attribute[form]": "complaint"}
    response = client.post("/open311/v2/requests.json", {**data, "description": TEXT})
    if response.status_code == 201:
        return {}
    field, _colon, message = json.loads(response.content)[0]["description"].partition(": ")
    return {field: message}


ADAPTERS = [
    pytest.param(via_portal, IntakeChannel.PORTAL, id="portal"),
    pytest.param(via_staff_form, IntakeChannel.EMAIL, id="staff-form"),
    pytest.param(via_staff_api, IntakeChannel.EMAIL, id="staff-api"),
    pytest.param(via_client_api, IntakeChannel.API, id="client-api"),
    pytest.param(via_open311, IntakeChannel.API, id="open311"),
]


def stored(appeal: Appeal) -> dict[str, object]:
    """What registration wrote, bar who registered it and the channel (each adapter has its own)."""
    author = appeal.author
    return {
        **{name: getattr(appeal, name) for name in ("kind", "form", "text", "status", "is_collective")},
        **{name: getattr(appeal, name) for name in ("received_at", "registered_on", "late_registration")},
        **{name: getattr(appeal, name) for name in ("due_date", "governing_due_date", "forward_due_date")},
        **{name: getattr(appeal, name) for name in ("representative_name", "representative_authority")},
        **{name: getattr(appeal, name) for name in ("covering_letter", "for_official_use", "section_codes")},
        "questions": list(appeal.questions.values_list("classifier__code", "summary")),
        "author": {name: getattr(author, name) for name in ("kind", *AUTHOR_FIELDS)},
    }


EXPECTED = {
    "kind": "appeal",
    "form": "complaint",
    "text": TEXT,
    "status": "registered",
    "is_collective": False,
    "received_at": NOW,
    "registered_on": dt.date(2026, 4, 1),
    "late_registration": False,
    "due_date": dt.date(2026, 4, 30),
    "governing_due_date": dt.date(2026, 4, 30),
    "forward_due_date": dt.date(2026, 4, 8),
    "representative_name": "",
    "representative_authority": "",
    "covering_letter": "",
    "for_official_use": False,
    "section_codes": "",
    "questions": [],
    "author": {
        "kind": "person",
        "last_name": "Петрова",
        "first_name": "Анна",
        "middle_name": "",
        "organisation_name": "",
        "email": "petrova@example.org",
        "phone": "+7 900 000-00-00",
        "postal_address": "214000, г. Смоленск, ул. Ленина, 1",
    },
}


def test_an_intake_cannot_be_changed_once_built():
    intake = appeal_intake(
        questions=[{"classifier_code": "0003.0009.0099.0000"}], representative=Representative("Сидоров", "№ 12")
    )
    parts = ((intake, "text"), (intake.author, "last_name"), (intake.questions[0], "summary"))
    for part, name in (*parts, (intake.representative, "name")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(part, name, "другое")
    assert isinstance(intake.questions, tuple) and isinstance(intake.attachments, tuple)


@pytest.mark.django_db
@pytest.mark.parametrize(("submit", "channel"), ADAPTERS)
def test_every_adapter_stores_the_same_appeal_for_the_same_input(client, organisation, submit, channel):
    with time_machine.travel(NOW, tick=False):
        assert submit(client, organisation, PERSON) == {}
    appeal = Appeal.objects.get()
    assert appeal.channel == channel
    assert stored(appeal) == EXPECTED


@pytest.mark.django_db
@pytest.mark.parametrize(("submit", "channel"), ADAPTERS)
def test_every_adapter_refuses_a_name_longer_than_the_models_column(client, organisation, submit, channel):
    limit = model_limit("last_name")
    with time_machine.travel(NOW, tick=False):
        errors = submit(client, organisation, {**PERSON, "last_name": "Я" * (limit + 1)})
    assert str(limit) in errors["author.last_name"]
    assert not Appeal.objects.exists() and not Author.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", AUTHOR_FIELDS)
def test_the_service_refuses_any_author_detail_longer_than_its_column(organisation, name):
    limit = model_limit(name)
    author = {"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org", name: "я" * (limit + 1)}
    with pytest.raises(ApplicationError) as refused:
        appeal_register(actor=None, organisation=organisation, intake=appeal_intake(author=author))
    assert (refused.value.field, refused.value.message) == (f"author.{name}", f"Не длиннее {limit} знаков.")
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("name", AUTHOR_FIELDS)
def test_forms_and_serializers_take_author_limits_from_the_model(name):
    limit = model_limit(name)
    assert StaffRegistrationForm.base_fields[name].max_length == limit
    assert AppealForm.base_fields[name].max_length == limit
    api_name = "organization_name" if name == "organisation_name" else name
    assert AuthorSerializer().fields[api_name].max_length == limit
