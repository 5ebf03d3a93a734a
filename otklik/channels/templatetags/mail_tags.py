"""Template tags of mailbox intake: the appeal card's list of the letters it was registered from or joined by."""

from __future__ import annotations

from typing import Any

from django import template

from ..mail_selectors import letters_on_appeal

register = template.Library()


@register.simple_tag(takes_context=True)
def appeal_letters(context: dict[str, Any], appeal: Any) -> dict[str, Any]:
    return letters_on_appeal(user=context["request"].user, appeal=appeal)
