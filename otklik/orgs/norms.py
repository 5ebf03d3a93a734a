"""Rows of the organisation page's terms and norms that other rooms add from their own settings rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Organisation

NormsContext = Callable[[Organisation], dict[str, Any]]


@dataclass(frozen=True)
class NormsRows:
    template: str
    context: NormsContext
    order: int


_ROWS: list[NormsRows] = []


def register_norms(template: str, *, order: int) -> Callable[[NormsContext], NormsContext]:
    """Decorator for `context(organisation)`; `template` renders <dt>/<dd> pairs inside the page's list."""

    def decorator(func: NormsContext) -> NormsContext:
        _ROWS.append(NormsRows(template, func, order))
        return func

    return decorator


def norms_for(organisation: Organisation) -> list[tuple[str, dict[str, Any]]]:
    return [(rows.template, rows.context(organisation)) for rows in sorted(_ROWS, key=lambda r: r.order)]
