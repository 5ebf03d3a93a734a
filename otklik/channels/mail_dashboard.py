"""Mailbox intake's panel on the staff dashboard: letters awaiting triage and mailboxes that fail to poll."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from otklik.orgs.dashboard import register_panel
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import AnyUser

from .mail_selectors import triage_summary


@register_panel("channels/mail/dashboard_panel.html", order=6)
def mail_panel(user: AnyUser, organisation: Organisation) -> dict[str, Any] | None:
    if not isinstance(user, User):
        return None
    summary = triage_summary(user=user, organisation=organisation)
    if summary is None:
        return None
    oldest = summary["oldest"]
    local = (
        timezone.localtime(oldest, organisation.tz).strftime("%d.%m.%Y %H:%M")
        if isinstance(oldest, dt.datetime)
        else ""
    )
    return {**summary, "oldest_local": local}
