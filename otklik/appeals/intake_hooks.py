"""Registration hooks other rooms register: each runs on a freshly registered appeal inside its registration.

A room above appeals (the text room's routing rules, for one) registers `hook(appeal)` from its AppConfig.ready;
`appeal_register` calls every hook inside its transaction, so appeals never imports the rooms that build on it and
a failing hook leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Appeal

AfterRegistration = Callable[["Appeal"], None]
_HOOKS: list[AfterRegistration] = []


def register_after_registration(hook: AfterRegistration) -> AfterRegistration:
    """Add a hook run on every newly registered appeal, in the order registered; usable as a decorator."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def run_after_registration(appeal: Appeal) -> None:
    """Run the registered hooks on the appeal (called by appeal_register inside its transaction)."""
    for hook in _HOOKS:
        hook(appeal)
