"""Reads of the channels room's settings: a body's saved row, or the defaults when none is saved."""

from __future__ import annotations

from otklik.orgs.models import Organisation

from .models import ChannelSettings


def channel_settings_for(organisation: Organisation) -> ChannelSettings:
    """The body's social-media and contact-centre norms (an unsaved row with the defaults if none is stored)."""
    return ChannelSettings.objects.filter(organisation=organisation).first() or ChannelSettings(
        organisation=organisation
    )
