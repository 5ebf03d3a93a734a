"""What the assignments room asks of an appeal's closing: no assignment on it may still be open."""

from __future__ import annotations

from django.utils.translation import gettext as _

from otklik.appeals.closing_checks import register_closing_check
from otklik.appeals.models import Appeal

from .selectors import open_assignments_exist


@register_closing_check
def open_assignments_refusal(appeal: Appeal) -> str | None:
    if open_assignments_exist(appeal):
        return _("По обращению есть неисполненные поручения: сначала примите отчёты по ним.")
    return None
