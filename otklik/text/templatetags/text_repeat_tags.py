"""Template tags of the text room: the appeal card's section on the author's earlier appeals (R-AP-7)."""

from __future__ import annotations

from typing import Any

from django import template

from ..repeat_selectors import RepeatHistory, repeat_history

register = template.Library()


@register.simple_tag(takes_context=True)
def appeal_repeats(context: dict[str, Any], appeal: Any) -> RepeatHistory:
    return repeat_history(user=context["request"].user, appeal=appeal)
