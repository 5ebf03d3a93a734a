"""Panels on the staff dashboard: each room registers what its people must see first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Organisation
from .permissions import AnyUser

PanelContext = Callable[[AnyUser, Organisation], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    template: str
    context: PanelContext
    order: int


_PANELS: list[Panel] = []


def register_panel(template: str, *, order: int) -> Callable[[PanelContext], PanelContext]:
    """Decorator for `context(user, organisation)`; returning None hides the panel for that person."""

    def decorator(func: PanelContext) -> PanelContext:
        _PANELS.append(Panel(template, func, order))
        return func

    return decorator


def panels_for(user: AnyUser, organisation: Organisation) -> list[tuple[str, dict[str, Any]]]:
    shown = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        context = panel.context(user, organisation)
        if context is not None:
            shown.append((panel.template, context))
    return shown
