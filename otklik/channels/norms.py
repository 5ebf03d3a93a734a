"""The channels room's rows on the organisation page: the social-media response times."""

from __future__ import annotations

from typing import Any

from otklik.orgs.models import Organisation
from otklik.orgs.norms import register_norms

from .selectors import channel_settings_for


@register_norms("channels/organisation_norms.html", order=10)
def channel_norms(organisation: Organisation) -> dict[str, Any]:
    return {"settings": channel_settings_for(organisation)}
