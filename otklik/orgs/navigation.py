"""The staff shell's navigation: each room registers its own entries from its navigation.py at ready time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Organisation
from .permissions import AnyUser, has_role


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...] = ()  # empty: every member
    order: int = 0


_ENTRIES: dict[str, NavEntry] = {}


def register_nav(label: str | Promise, url_name: str, *, order: int, roles: Iterable[str] = ()) -> NavEntry:
    """Add a menu entry; `roles` limits it to their holders (administrators see every entry).

    Registering the same url name again replaces the entry, so a module imported twice adds nothing.
    """
    entry = NavEntry(label, url_name, tuple(roles), order)
    _ENTRIES[url_name] = entry
    return entry


def navigation_for(user: AnyUser, organisation: Organisation | None) -> list[NavEntry]:
    if organisation is None:
        return []
    entries = sorted(_ENTRIES.values(), key=lambda entry: entry.order)
    return [entry for entry in entries if not entry.roles or has_role(user, organisation, *entry.roles)]


# The shell's own pages; the other rooms' entries come from their navigation.py.
register_nav(_("Рабочий стол"), "shell:dashboard", order=10)
register_nav(_("Организация"), "shell:organisation", order=50)
