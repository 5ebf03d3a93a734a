"""The letter blank's font, which a room above appeals may set per body (the text room's style settings do).

Appeals keeps its default (Times New Roman, the blank of 004 App. 1 §5) and asks the registered lookups, so the font
has one home (the body's style settings, next to the rules that estimate the pages) and appeals imports no room above.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from otklik.orgs.models import Organisation

DEFAULT_FONT = "Times New Roman"
SANS_FONTS = frozenset({"Arial", "DejaVu Sans", "Liberation Sans", "PT Sans", "Roboto"})
FontLookup = Callable[["Organisation"], "str | None"]
_LOOKUPS: list[FontLookup] = []


def register_letter_font(lookup: FontLookup) -> FontLookup:
    """Add `lookup(organisation) -> font family or None`; usable as a decorator."""
    if lookup not in _LOOKUPS:
        _LOOKUPS.append(lookup)
    return lookup


def letter_font(organisation: Organisation) -> str:
    """The first font a registered lookup names for the body, else the default."""
    for lookup in _LOOKUPS:
        font = lookup(organisation)
        if font:
            return font
    return DEFAULT_FONT
