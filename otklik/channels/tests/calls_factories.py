"""Test helpers of the contact centre: a body with the Khabarovsk lines (004 App. 1 §5.7, App. 3 §7) and operators."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from otklik.channels.models import CallRecord, PhoneLine
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Channel, Organisation, User
from otklik.orgs.tests.factories import OrganisationFactory, UserFactory, member

VLAT = zoneinfo.ZoneInfo("Asia/Vladivostok")
MONDAY_10 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=VLAT)


def call_body(**kwargs: Any) -> Organisation:
    kwargs.setdefault("slug", "khv")
    kwargs.setdefault("name", "Главное управление регионального государственного контроля и лицензирования")
    organisation: Organisation = OrganisationFactory(timezone="Asia/Vladivostok", **kwargs)
    channel, _created = Channel.objects.get_or_create(
        organisation=organisation, code="phone-hotline", defaults={"channel_type": ChannelType.PHONE, "name": "Тел."}
    )
    PhoneLine.objects.create(
        organisation=organisation,
        channel=channel,
        code="appeals",
        name="Обращения",
        procedure="appeals",
        avg_talk_max_seconds=600,
    )
    PhoneLine.objects.create(
        organisation=organisation,
        channel=channel,
        code="services",
        name="Госуслуги",
        procedure="services",
        queue_wait_max_seconds=300,
        first_contact_resolution_min_percent=80,
        transfers_max=2,
        lost_calls_max_per_day=2,
        avg_handling_max_seconds=420,
    )
    return organisation


def cc_operator(organisation: Organisation, username: str = "ivanova", **kwargs: Any) -> User:
    user = UserFactory(username=username, **kwargs)
    return member(organisation, RoleCode.CC_OPERATOR, user=user)


def call(organisation: Organisation, call_id: str, **kwargs: Any) -> CallRecord:
    kwargs.setdefault("line", PhoneLine.objects.get(organisation=organisation, code="services"))
    kwargs.setdefault("direction", "in")
    kwargs.setdefault("started_at", MONDAY_10)
    kwargs.setdefault("outcome", "answered")
    return CallRecord.objects.create(organisation=organisation, call_id=call_id, **kwargs)
