"""The text room's classifier part: fills the appeals' theme-suggestion and API hooks."""

from __future__ import annotations

from typing import Any

from otklik.appeals.models import Appeal
from otklik.appeals.text_hooks_classify import (
    ThemeSuggestion,
    register_classification_api,
    register_classification_source,
    register_text_classification_source,
)
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation

from .classify_services import classification_of, classify_text


@register_classification_source
def appeal_themes(appeal: Appeal) -> list[ThemeSuggestion]:
    try:
        found = classify_text(organisation=appeal.organisation, text=appeal.text)
    except ApplicationError:
        return []
    return [ThemeSuggestion(code=s.code, name=s.name, score=s.score) for s in found]


@register_classification_api
def appeal_classification(appeal: Appeal) -> dict[str, Any] | None:
    try:
        return classification_of(organisation=appeal.organisation, text=appeal.text, appeal=appeal)
    except ApplicationError:
        return None


@register_text_classification_source
def text_themes(organisation: Organisation, text: str) -> list[ThemeSuggestion]:
    try:
        found = classify_text(organisation=organisation, text=text)
    except ApplicationError:
        return []
    return [ThemeSuggestion(code=s.code, name=s.name, score=s.score) for s in found]
