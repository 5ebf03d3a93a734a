"""Service-level due times of the social-media inbox: 2 or 4 working hours where the body's acts set them.

003 §6.3.2 (Sverdlovsk) and 001 §3.2 ж) в) (Dagestan): at most 4 hours for mentions, 2 hours for an official
appeal or a comment on an official post. A message sent through the page's widget («Сообщить о проблеме»,
003 §6.3.1.1) is addressed to the body directly, so it is an official appeal and takes the 2-hour rule.
Where the acts set no time (Smolensk, Khabarovsk), there is no due time.
"""

from __future__ import annotations

import datetime as dt

from otklik.orgs.models import Channel, Organisation

from .choices import SocialItemKind
from .hours_selectors import working_time_for
from .selectors import channel_settings_for

# Which of the body's two settings applies to each kind of item.
OFFICIAL_RULE_KINDS = frozenset({SocialItemKind.OFFICIAL, SocialItemKind.COMMENT, SocialItemKind.WIDGET})
MENTION_RULE_KINDS = frozenset({SocialItemKind.MENTION})


def social_response_minutes(organisation: Organisation, kind: SocialItemKind | str) -> int | None:
    """Working minutes the body has to answer an item of this kind; None when its acts set none."""
    settings = channel_settings_for(organisation)
    kind = SocialItemKind(kind)
    if kind in MENTION_RULE_KINDS:
        return settings.social_mention_response_minutes
    return settings.social_official_response_minutes


def social_due(
    organisation: Organisation,
    kind: SocialItemKind | str,
    received: dt.datetime,
    channel: Channel | None = None,
) -> dt.datetime | None:
    """When the answer to an item received at `received` is due, in the body's time zone; None without a norm."""
    minutes = social_response_minutes(organisation, kind)
    if minutes is None:
        return None
    return working_time_for(organisation, channel).add_working_minutes(received, minutes)
