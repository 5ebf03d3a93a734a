"""Suggested themes of an appeal: a registry the text room fills (appeals never imports the text room).

The text room registers `source(appeal) -> list[ThemeSuggestion]` (best first) and `api(appeal) -> dict` (the
`classification` object of the API) from its AppConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from otklik.orgs.models import Organisation

    from .models import Appeal


@dataclass(frozen=True)
class ThemeSuggestion:
    """One suggested classifier code with its name and score (0…1)."""

    code: str
    name: str
    score: float


ClassificationSource = Callable[["Appeal"], list[ThemeSuggestion]]
TextClassificationSource = Callable[["Organisation", str], list[ThemeSuggestion]]
ClassificationApi = Callable[["Appeal"], "dict[str, Any] | None"]
_SOURCES: list[ClassificationSource] = []
_API: list[ClassificationApi] = []
_TEXT_SOURCES: list[TextClassificationSource] = []


def register_classification_source(source: ClassificationSource) -> ClassificationSource:
    """Add a function suggesting themes for an appeal; usable as a decorator."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def register_classification_api(source: ClassificationApi) -> ClassificationApi:
    """Add a function giving the API's `classification` object of an appeal; usable as a decorator."""
    if source not in _API:
        _API.append(source)
    return source


def suggested_themes(appeal: Appeal) -> list[ThemeSuggestion]:
    """The suggestions of the first source that has any; empty when no room suggests."""
    for source in _SOURCES:
        found = source(appeal)
        if found:
            return found
    return []


def classification_for_api(appeal: Appeal) -> dict[str, Any] | None:
    """The `classification` object of the first registered source, or None."""
    for source in _API:
        found = source(appeal)
        if found is not None:
            return found
    return None


def register_text_classification_source(source: TextClassificationSource) -> TextClassificationSource:
    """Add a function suggesting themes for a text being registered (no appeal yet); usable as a decorator."""
    if source not in _TEXT_SOURCES:
        _TEXT_SOURCES.append(source)
    return source


def suggested_themes_for_text(organisation: Organisation, text: str) -> list[ThemeSuggestion]:
    """The suggestions for a text on the registration form, from the first source that has any."""
    for source in _TEXT_SOURCES:
        found = source(organisation, text)
        if found:
            return found
    return []
