"""The outbox sweep: deliver whatever is due (messages no worker took, and retries after backoff)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from otklik.core.sweeps import register_sweep

from .services import outbox_deliver

BATCH = 50
MAX_BATCHES = 20  # a thousand messages per run; the next run takes the rest


@register_sweep("outbox-delivery")
def outbox_sweep(now: datetime) -> dict[str, int]:
    totals: Counter[str] = Counter({"sent": 0, "retrying": 0, "failed": 0})
    for _ in range(MAX_BATCHES):
        report = outbox_deliver(batch=BATCH, now=now)
        totals.update(report.counts())
        if report.claimed < BATCH:
            break
    return dict(totals)
