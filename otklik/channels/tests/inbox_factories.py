"""Test helpers of the social-media inbox: a body with the 2 h / 4 h rules, its channels, accounts and items."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from otklik.channels.inbox_services import SocialItemIntake, inbox_item_receive
from otklik.channels.models import ChannelSettings, InboxItem, SocialAccount, SocialAnswerTemplate, SocialPlatform
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Channel, Organisation, User
from otklik.orgs.tests.factories import OrganisationFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
# Tuesday 3 March 2026, an ordinary working day: 10:00 + 2 working hours = 12:00, 75 % at 11:30.
TUESDAY_10 = dt.datetime(2026, 3, 3, 10, 0, tzinfo=MSK)
VK_SECRET_ENV = "OTKLIK_TEST_VK_CALLBACK_SECRET"
VK_SECRET = "vk-callback-secret-41"
TG_SECRET_ENV = "OTKLIK_TEST_TG_WEBHOOK_SECRET"
TG_SECRET = "tg-webhook-secret-97"


def social_body(*, rules: bool = True, **kwargs: Any) -> Organisation:
    """A body whose act sets 2 h for official appeals and comments and 4 h for mentions (003 §6.3.2)."""
    kwargs.setdefault("slug", "minprom")
    organisation: Organisation = OrganisationFactory(timezone="Europe/Moscow", **kwargs)
    ChannelSettings.objects.create(
        organisation=organisation,
        social_official_response_minutes=120 if rules else None,
        social_mention_response_minutes=240 if rules else None,
    )
    return organisation


def social_channel(organisation: Organisation, code: str = "vk", channel_type: str = ChannelType.SOCIAL) -> Channel:
    channel, _created = Channel.objects.get_or_create(
        organisation=organisation, code=code, defaults={"channel_type": channel_type, "name": f"Страница {code}"}
    )
    return channel


def vk_account(organisation: Organisation, channel: Channel | None = None, **kwargs: Any) -> SocialAccount:
    values: dict[str, Any] = {
        "platform": SocialPlatform.VK,
        "external_id": "218375",
        "token_env": "OTKLIK_TEST_VK_TOKEN",
        "callback_secret_env": VK_SECRET_ENV,
        "confirmation_code": "d8v2ve07",
        "moderation_rules": "Не отвечаем на оскорбления; рекламу удаляем.",
    }
    values.update(kwargs)
    return SocialAccount.objects.create(
        organisation=organisation, channel=channel or social_channel(organisation), **values
    )


def telegram_account(organisation: Organisation, channel: Channel | None = None) -> SocialAccount:
    return SocialAccount.objects.create(
        organisation=organisation,
        channel=channel or social_channel(organisation, "tg", ChannelType.MESSENGER),
        platform=SocialPlatform.TELEGRAM,
        token_env="OTKLIK_TEST_TG_TOKEN",
        callback_secret_env=TG_SECRET_ENV,
    )


def operator(organisation: Organisation, **kwargs: Any) -> User:
    return member(organisation, RoleCode.SOCIAL_OPERATOR, **kwargs)


def deputy(organisation: Organisation, **kwargs: Any) -> User:
    return member(organisation, RoleCode.CC_DEPUTY_HEAD, **kwargs)


def inbox_item(
    organisation: Organisation, *, actor: User | None = None, account: SocialAccount | None = None, **kwargs: Any
) -> InboxItem:
    if account is None and "channel" not in kwargs:
        account = vk_account(organisation)
    values: dict[str, Any] = {
        "channel": account.channel if account else kwargs.get("channel"),
        "account": account,
        "kind": "official",
        "text": "Когда откроют приём заявок на субсидию?",
        "received_at": TUESDAY_10,
        "author_handle": "id1001",
        "author_name": "Анна Петрова",
        "reply_to": "peer:1001",
    }
    values.update(kwargs)
    item, _created = inbox_item_receive(
        actor=actor or operator(organisation), organisation=organisation, intake=SocialItemIntake(**values)
    )
    return item


def answer_template(organisation: Organisation, **kwargs: Any) -> SocialAnswerTemplate:
    kwargs.setdefault("title", "Приём заявок")
    kwargs.setdefault("text", "Здравствуйте! Приём заявок откроется 10 марта. Подробности на сайте министерства.")
    return SocialAnswerTemplate.objects.create(organisation=organisation, **kwargs)
