"""`{% delivery_status obj %}`: the messages about an object with their delivery status, for a card."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from ..selectors import messages_about

register = template.Library()


@register.inclusion_tag("notifications/_delivery_status.html", takes_context=True)
def delivery_status(context: dict[str, Any], obj: models.Model) -> dict[str, Any]:
    return {"outgoing_messages": messages_about(obj, user=context["request"].user)}
