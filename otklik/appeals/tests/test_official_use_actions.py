"""Actions on an appeal «for official use» are guarded like its card: whoever gets 404 on the card gets 404 here."""

import datetime as dt
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from otklik.appeals.choices import AppealStatus, IntakeChannel
from otklik.appeals.models import Appeal, ClassifierNode
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
TODAY = dt.datetime(2025, 3, 10, 11, tzinfo=MSK)


@pytest.fixture
def secret(organisation):
    ClassifierNode.objects.create(
        code="0003.0009.0099.0001", name="Лицензирование заготовки лома", level=4, section_code="0003", edition="t"
    )
    with time_machine.travel(dt.datetime(2025, 3, 3, 11, tzinfo=MSK), tick=False):
        return appeal_register(
            actor=member(organisation, RoleCode.REGISTRAR),
            organisation=organisation,
            intake=appeal_intake(
                kind="appeal",
                channel=IntakeChannel.POST,
                text="Сведения для служебного пользования.",
                author={"last_name": "Иванов", "first_name": "Олег", "postal_address": "367000, Махачкала"},
                for_official_use=True,
            ),
        ).appeal


def unchanged(appeal: Appeal) -> bool:
    fresh = Appeal.objects.get(pk=appeal.pk)
    return (
        fresh.extended_due_date is None
        and fresh.controller_id is None
        and fresh.executor_id is None
        and fresh.status == AppealStatus.REGISTERED
        and not fresh.questions.exists()
        and list(fresh.events.values_list("kind", flat=True)) == ["registered"]
    )


@pytest.mark.django_db
def test_a_unit_head_who_cannot_read_the_card_cannot_extend_or_take_it_on_control(client, organisation, secret):
    unit_head = member(organisation, RoleCode.UNIT_HEAD)
    client.force_login(unit_head)
    with time_machine.travel(TODAY, tick=False):
        assert client.get(f"/staff/appeals/{secret.pk}/").status_code == 404
        extend = client.post(f"/staff/appeals/{secret.pk}/extend/", {"days": "10", "reason": "Нужны материалы."})
        control = client.post(f"/staff/appeals/{secret.pk}/do/control/", {"executor": unit_head.pk})
        assert (extend.status_code, control.status_code) == (404, 404)
        assert client.get(f"/staff/appeals/{secret.pk}/").status_code == 404
    assert unchanged(secret)
    assert not AuditEntry.objects.filter(actor=unit_head).exists()


@pytest.mark.django_db
def test_a_contact_centre_operator_cannot_add_questions_to_an_appeal_he_cannot_see(client, organisation, secret):
    operator = member(organisation, RoleCode.CC_OPERATOR)
    client.force_login(operator)
    assert client.get(f"/staff/appeals/{secret.pk}/").status_code == 404
    response = client.post(
        f"/staff/appeals/{secret.pk}/do/question_add/", {"classifier_code": "0003.0009.0099.0001", "summary": ""}
    )
    assert response.status_code == 404
    assert unchanged(secret)


@pytest.mark.django_db
def test_every_card_action_answers_404_to_whoever_cannot_read_the_card(client, organisation, secret):
    client.force_login(member(organisation, *(code for code in RoleCode.values if code not in _OFFICIAL_USE)))
    for name in ("extend", "forward", "notice", "control", "question_add", "question_result", "answer_draft",
                 "answer_approve", "answer_sign", "answer_send", "close"):  # fmt: skip
        assert client.post(f"/staff/appeals/{secret.pk}/do/{name}/", {}).status_code == 404, name
    assert unchanged(secret)


_OFFICIAL_USE = {
    RoleCode.HEAD,
    RoleCode.CC_DEPUTY_HEAD,
    RoleCode.CONTROLLER,
    RoleCode.REGISTRAR,
    RoleCode.ADMINISTRATOR,
}


def api_client_for(user) -> APIClient:
    out = StringIO()
    call_command("create_api_token", user.username, stdout=out)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return api


@pytest.mark.django_db
def test_the_api_refuses_actions_on_an_appeal_the_caller_cannot_read(organisation, secret):
    api = api_client_for(member(organisation, RoleCode.UNIT_HEAD))
    with time_machine.travel(TODAY, tick=False):
        assert api.get(f"/api/v1/appeals/{secret.pk}/").status_code == 404
        extend = api.post(f"/api/v1/appeals/{secret.pk}/extend/", {"days": 10, "reason": "x"}, format="json")
        forward = api.post(f"/api/v1/appeals/{secret.pk}/forward/", {"to_body": "Орган", "reason": "x"}, format="json")
    assert (extend.status_code, forward.status_code) == (404, 404)
    assert unchanged(secret)
