"""Social-media due times: 2 working hours for official appeals, comments and widget messages, 4 for mentions."""

from __future__ import annotations

import datetime as dt

import pytest

from otklik.channels.choices import SocialItemKind
from otklik.channels.hours_services import working_schedule_set
from otklik.channels.services import ChannelSettingsValues, channel_settings_update
from otklik.channels.sla import social_due, social_response_minutes
from otklik.channels.working_hours import WeeklyHours
from otklik.orgs.choices import ChannelType
from otklik.orgs.models import Channel
from otklik.orgs.tests.factories import OrganisationFactory

EKB = "Asia/Yekaterinburg"


@pytest.fixture
def sverdlovsk(db):
    """A body whose act sets the times (003 §6.3.2), in Yekaterinburg time, with no schedule stored."""
    body = OrganisationFactory(slug="sverdlovsk-like", timezone=EKB)
    channel_settings_update(
        actor=None,
        organisation=body,
        values=ChannelSettingsValues(social_official_response_minutes=120, social_mention_response_minutes=240),
    )
    return body


def received(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("kind", "minutes"),
    [
        (SocialItemKind.OFFICIAL, 120),
        (SocialItemKind.COMMENT, 120),
        (SocialItemKind.WIDGET, 120),  # 003 §6.3.1.1: a message to the body through its page's widget
        (SocialItemKind.MENTION, 240),
        ("mention", 240),
    ],
)
def test_the_kind_decides_which_time_applies(sverdlovsk, kind, minutes):
    assert social_response_minutes(sverdlovsk, kind) == minutes


@pytest.mark.django_db
def test_a_body_whose_acts_set_no_time_has_no_due_time():
    body = OrganisationFactory()  # like Smolensk and Khabarovsk: nothing stored, nothing set by the acts
    for kind in SocialItemKind:
        assert social_response_minutes(body, kind) is None
        assert social_due(body, kind, received("2026-03-02T10:00:00+03:00")) is None


@pytest.mark.parametrize(
    ("kind", "at", "due"),
    [
        (SocialItemKind.OFFICIAL, "2026-03-02T12:00:00+05:00", "2026-03-02T15:00:00+05:00"),
        (SocialItemKind.COMMENT, "2026-03-02T10:00:00+03:00", "2026-03-02T15:00:00+05:00"),  # Moscow time in
        (SocialItemKind.MENTION, "2026-02-27T16:00:00+05:00", "2026-03-02T11:00:00+05:00"),
        (SocialItemKind.MENTION, "2026-11-03T15:30:00+05:00", "2026-11-05T11:30:00+05:00"),  # shortened 03.11
        (SocialItemKind.OFFICIAL, "2026-01-09T10:00:00+05:00", "2026-01-12T11:00:00+05:00"),  # transferred day off
        (SocialItemKind.WIDGET, "2026-12-30T17:30:00+05:00", "2027-01-11T10:30:00+05:00"),
    ],
)
def test_the_due_time_runs_on_the_bodys_working_hours(sverdlovsk, kind, at, due):
    assert social_due(sverdlovsk, kind, received(at)).isoformat() == due


@pytest.mark.django_db
def test_a_round_the_clock_channel_runs_on_clock_time(sverdlovsk):
    bot = Channel.objects.create(
        organisation=sverdlovsk, code="tg", channel_type=ChannelType.MESSENGER, name="Telegram"
    )
    working_schedule_set(actor=None, organisation=sverdlovsk, channel=bot, hours=WeeklyHours.always(), source="")
    saturday = received("2026-02-28T22:30:00+05:00")
    assert social_due(sverdlovsk, SocialItemKind.OFFICIAL, saturday, channel=bot).isoformat() == (
        "2026-03-01T00:30:00+05:00"
    )
    assert social_due(sverdlovsk, SocialItemKind.OFFICIAL, saturday).isoformat() == "2026-03-02T11:00:00+05:00"
