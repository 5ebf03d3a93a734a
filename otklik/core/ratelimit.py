"""Fixed-window counters in the cache for the public pages' budgets (status guesses, key issuing, Open311 keys).

Per-address buckets use core.client_address.client_bucket, never REMOTE_ADDR or X-Forwarded-For directly.
"""

from __future__ import annotations

from django.core.cache import cache


def over_limit(bucket: str, *, limit: int, seconds: int) -> bool:
    """Count one more hit in `bucket` for the current window of `seconds`; True once it passes `limit`."""
    cache.add(bucket, 0, timeout=seconds)
    return cache.incr(bucket) > limit
