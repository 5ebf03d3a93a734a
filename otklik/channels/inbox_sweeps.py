"""Periodic work of the social-media inbox: the 75 % warning and the breach notice, each once per item."""

import datetime as dt
from typing import Any

from otklik.core.sweeps import register_sweep

from .inbox_services import inbox_timers_sweep


@register_sweep("channels-inbox-timers")
def inbox_timers(now: dt.datetime) -> dict[str, Any]:
    return dict(inbox_timers_sweep(now=now))
