"""Periodic work of the contact-centre KPI board: the breach notices of the last complete day, week and month."""

import datetime as dt
from typing import Any

from otklik.core.sweeps import register_sweep

from .kpi_services import kpi_breach_sweep


@register_sweep("channels-cc-kpi-breaches")
def cc_kpi_breaches(now: dt.datetime) -> dict[str, Any]:
    return dict(kpi_breach_sweep(now=now))
