"""Closing checks other rooms register: each may refuse to close an appeal while its own work on it is open.

A room above appeals (assignments, for one) registers `check(appeal) -> str | None` from its AppConfig.ready; the
closing service asks every registered check, so appeals never imports the rooms that build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Appeal

ClosingCheck = Callable[["Appeal"], "str | None"]
_CHECKS: list[ClosingCheck] = []


def register_closing_check(check: ClosingCheck) -> ClosingCheck:
    """Add a check returning a refusal message a person understands, or None; usable as a decorator."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def closing_refusal(appeal: Appeal) -> str | None:
    """The first refusal of the registered checks, in the order they were registered; None when all agree."""
    for check in _CHECKS:
        message = check(appeal)
        if message:
            return message
    return None
