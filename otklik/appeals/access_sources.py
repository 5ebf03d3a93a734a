"""Access sources other rooms register: the appeals a person works on through that room (need-to-know).

A room above appeals (assignments, for one) registers `source(user, organisation)` from its AppConfig.ready, returning
the ids of the appeals of `organisation` the person is assigned to through that room (a values_list queryset). The
visibility rule in `appeals.selectors` asks every registered source, so appeals never imports the rooms built on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from otklik.orgs.models import Organisation, User

AccessSource = Callable[["User", "Organisation"], Iterable["int | None"]]
_SOURCES: list[AccessSource] = []


def register_access_source(source: AccessSource) -> AccessSource:
    """Add a source of appeal ids a person is assigned to; usable as a decorator."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def access_sources() -> tuple[AccessSource, ...]:
    return tuple(_SOURCES)
