"""Process-local memos of small reference data read on hot paths (calendar corrections, number formats, classifier).

Each memo keeps a value for at most `ttl` seconds; the service that changes the data clears it in its own process,
so another process sees a change within `ttl` at the latest. Only data whose brief staleness is harmless belongs
here (a calendar correction is entered weeks before the day it moves); never permissions or personal data.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")

_MEMOS: list[Memo[object]] = []


class Memo(Generic[Value]):
    """A dictionary of values built on demand and forgotten after `ttl` seconds or on `forget()`."""

    def __init__(self, name: str, *, ttl: float = 60.0) -> None:
        self.name = name
        self.ttl = ttl
        self._values: dict[Hashable, tuple[float, Value]] = {}
        self._lock = threading.Lock()
        _MEMOS.append(self)  # type: ignore[arg-type]

    def get(self, key: Hashable, build: Callable[[], Value]) -> Value:
        """The value kept for `key`, or `build()`'s, kept from now on."""
        held = self._values.get(key)
        if held is not None and held[0] > time.monotonic():
            return held[1]
        return self.put(key, build())

    def peek(self, key: Hashable) -> Value | None:
        """The value kept for `key`, or None when there is none (or it is too old)."""
        held = self._values.get(key)
        return held[1] if held is not None and held[0] > time.monotonic() else None

    def put(self, key: Hashable, value: Value) -> Value:
        with self._lock:
            self._values[key] = (time.monotonic() + self.ttl, value)
        return value

    def forget(self, key: Hashable | None = None) -> None:
        """Forget one key, or everything when no key is given."""
        with self._lock:
            if key is None:
                self._values.clear()
            else:
                self._values.pop(key, None)


def forget_all() -> None:
    """Empty every memo (tests do this between cases)."""
    for memo in _MEMOS:
        memo.forget()
