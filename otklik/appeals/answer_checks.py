"""Answer checks other rooms register: warnings the executor and the signer see on an answer draft (R-AP-11).

The text room registers `check(answer) -> list[AnswerWarning]` from its AppConfig.ready; the card and the signature
ask every registered check, so appeals never imports otklik.text. Warnings never block: a signer may keep the text and
record why (the registering room keeps that override and stops warning about the rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError, PermissionDeniedError

if TYPE_CHECKING:
    from otklik.orgs.models import User

    from .models import Answer


@dataclass(frozen=True)
class AnswerWarning:
    rule: str
    start: int
    end: int
    message: str
    excerpt: str = ""


AnswerCheck = Callable[["Answer"], "list[AnswerWarning]"]
_CHECKS: list[AnswerCheck] = []


def register_answer_check(check: AnswerCheck) -> AnswerCheck:
    """Add a check returning the warnings about an answer's text; usable as a decorator."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def answer_warnings(answer: Answer) -> list[AnswerWarning]:
    """Every registered check's warnings about the answer, in the order the checks were registered."""
    return [warning for check in _CHECKS for warning in check(answer)]


AnswerOverride = Callable[..., bool]
_OVERRIDES: list[AnswerOverride] = []


def register_answer_override(override: AnswerOverride) -> AnswerOverride:
    """Add `override(*, actor, answer, rule, reason) -> bool` keeping a signer's decision about its own rule's warning
    (True when the rule was its own); usable as a decorator."""
    if override not in _OVERRIDES:
        _OVERRIDES.append(override)
    return override


def answer_warning_override(*, actor: User, answer: Answer, rule: str, reason: str) -> None:
    """The signer (or the executor) keeps the text despite a warning; the room owning the rule records who and why."""
    from .choices import AnswerStatus
    from .workflow import can_sign_answer

    if answer.status not in (AnswerStatus.DRAFT, AnswerStatus.APPROVED):
        raise ApplicationError(_("Ответ уже подписан."))
    if actor.pk != answer.executor_id and not can_sign_answer(actor, answer):
        raise PermissionDeniedError(_("Оставить текст вопреки замечанию может исполнитель или подписывающий."))
    if not any(override(actor=actor, answer=answer, rule=rule, reason=reason) for override in _OVERRIDES):
        raise ApplicationError(_("Неизвестное замечание."), field="rule")


def warnings_for_unsigned(answer: Answer) -> list[AnswerWarning]:
    """The warnings worth showing: only an answer not yet signed can still change."""
    from .choices import AnswerStatus

    if answer.status not in (AnswerStatus.DRAFT, AnswerStatus.APPROVED):
        return []
    return answer_warnings(answer)
