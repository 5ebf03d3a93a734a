"""The contact centre's writers: phone lines and scripts saved by the deputy head only and audited; a call with a
satisfaction answer but no question is refused; an operator of another body cannot log on this body's line."""

import pytest
from django.test import Client

from otklik.channels.calls_services import (
    CallValues,
    PhoneLineValues,
    call_record_create,
    phone_line_save,
    phone_script_save,
)
from otklik.channels.models import CallRecord, PhoneLine, PhoneScript
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Channel
from otklik.orgs.tests.factories import member

from .calls_factories import MONDAY_10, call_body, cc_operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return call_body()


def test_the_deputy_head_adds_a_hotline_with_only_the_thresholds_given(body):
    deputy = member(body, RoleCode.CC_DEPUTY_HEAD)
    phone = Channel.objects.get(organisation=body, code="phone-hotline")
    line = phone_line_save(
        actor=deputy,
        organisation=body,
        values=PhoneLineValues(
            code="hotline", name="Горячая линия", procedure="hotline", channel_id=phone.pk, transfers_max=2
        ),
    )
    assert (line.transfers_max, line.queue_wait_max_seconds, line.avg_talk_max_seconds) == (2, None, None)
    entry = AuditEntry.objects.get(action="phone_line.saved")
    assert entry.actor == deputy and entry.after["transfers_max"] == 2


def test_lines_refuse_operators_foreign_or_non_phone_channels_and_bad_percentages(body):
    deputy = member(body, RoleCode.CC_DEPUTY_HEAD)
    site = Channel.objects.create(organisation=body, code="site", channel_type=ChannelType.SITE, name="Сайт")
    values = PhoneLineValues(code="x", name="X", procedure="hotline")
    with pytest.raises(PermissionDeniedError):
        phone_line_save(actor=cc_operator(body), organisation=body, values=values)
    with pytest.raises(ApplicationError, match="телефонному каналу"):
        phone_line_save(
            actor=deputy,
            organisation=body,
            values=PhoneLineValues(code="x", name="X", procedure="hotline", channel_id=site.pk),
        )
    with pytest.raises(ApplicationError, match="не больше 100"):
        phone_line_save(
            actor=deputy,
            organisation=body,
            values=PhoneLineValues(code="x", name="X", procedure="hotline", first_contact_resolution_min_percent=120),
        )
    assert not PhoneLine.objects.filter(code="x").exists()


def test_a_script_is_saved_for_a_line_and_refused_without_its_question(body):
    deputy = member(body, RoleCode.CC_DEPUTY_HEAD)
    services = PhoneLine.objects.get(organisation=body, code="services")
    script = phone_script_save(
        actor=deputy, organisation=body, line=services, title="Госпошлина", question="Сколько платить?", text="…"
    )
    assert script.line == services and AuditEntry.objects.filter(action="phone_script.saved").count() == 1
    with pytest.raises(ApplicationError, match="типовой вопрос"):
        phone_script_save(actor=deputy, organisation=body, line=services, title="Т", question=" ", text="…")
    assert PhoneScript.objects.count() == 1


def _values(line, **changes):
    data = {"line": line, "direction": "in", "started_at": MONDAY_10, "outcome": "answered", "talk_seconds": 60}
    data.update(changes)
    return CallValues(**data)


def test_a_call_on_another_bodys_line_or_with_an_unasked_satisfaction_is_refused(body):
    operator = cc_operator(body)
    line = PhoneLine.objects.get(organisation=body, code="services")
    with pytest.raises(ApplicationError, match="вопрос не задан"):
        call_record_create(actor=operator, organisation=body, values=_values(line, satisfied=True), submission_key="k1")
    other = call_body(slug="other")
    foreign = PhoneLine.objects.get(organisation=other, code="services")
    with pytest.raises(ApplicationError, match="Линия другой организации"):
        call_record_create(actor=operator, organisation=body, values=_values(foreign), submission_key="k2")
    with pytest.raises(PermissionDeniedError):
        call_record_create(
            actor=cc_operator(other, "stranger"), organisation=body, values=_values(line), submission_key="k3"
        )
    assert not CallRecord.objects.exists()


def test_the_admin_lists_lines_and_calls(body, admin_user):
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/channels/phoneline/").status_code == 200
    assert client.get("/admin/channels/callrecord/").status_code == 200
    assert client.get("/admin/channels/phonescript/add/").status_code == 200
