"""Test helpers of the contact-centre KPIs: a body with a line carrying 004 App. 3 §7 thresholds, and its calls."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from typing import Any

from otklik.channels.models import CallRecord, PhoneLine
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.tests.factories import OrganisationFactory, member

KHV = zoneinfo.ZoneInfo("Asia/Vladivostok")
_ids = itertools.count(1)


def cc_body(**kwargs: Any) -> Organisation:
    kwargs.setdefault("slug", "minsoc")
    organisation: Organisation = OrganisationFactory(timezone="Asia/Vladivostok", **kwargs)
    return organisation


def phone_line(organisation: Organisation, code: str = "services", **kwargs: Any) -> PhoneLine:
    values: dict[str, Any] = {
        "name": "Линия по государственным услугам",
        "procedure": "services",
        "queue_wait_max_seconds": 300,
        "first_contact_resolution_min_percent": 80,
        "transfers_max": 2,
        "lost_calls_max_per_day": 2,
        "avg_handling_max_seconds": 420,
        "avg_talk_max_seconds": 600,
        "operator_load_max_percent": None,
    }
    values.update(kwargs)
    return PhoneLine.objects.create(organisation=organisation, code=code, **values)


def call(line: PhoneLine, started_at: dt.datetime, **kwargs: Any) -> CallRecord:
    values: dict[str, Any] = {
        "direction": "in",
        "outcome": "answered",
        "wait_seconds": 30,
        "talk_seconds": 120,
        "wrap_seconds": 30,
        "hold_seconds": 0,
        "transfers": 0,
        "first_contact_resolved": True,
        "satisfaction_asked": True,
        "satisfied": True,
    }
    values.update(kwargs)
    if values["outcome"] != "answered":
        values.update(talk_seconds=0, wrap_seconds=0, first_contact_resolved=None)
    return CallRecord.objects.create(
        organisation=line.organisation, line=line, call_id=f"c-{next(_ids)}", started_at=started_at, **values
    )


def deputy(organisation: Organisation) -> User:
    return member(organisation, RoleCode.CC_DEPUTY_HEAD)


def cc_operator(organisation: Organisation) -> User:
    return member(organisation, RoleCode.CC_OPERATOR)
