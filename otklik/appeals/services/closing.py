"""The end of an appeal's consideration: closing by its controller, and the author's rating of the answer."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.models import User

from .. import events
from ..choices import AnswerStatus
from ..closing_checks import closing_refusal
from ..models import (
    AnswerRating,
    Appeal,
)
from ..workflow import CLOSING_KINDS, allows, close_refusal, next_status
from .common import appeal_for_update, refuse


@transaction.atomic
def appeal_close(*, actor: User, appeal: Appeal) -> Appeal:
    """Only the official who put the appeal on control closes it, and only after a final answer on every question.

    The checks other rooms registered (open assignments…) come before the answer: they say what is left to do.
    """
    appeal = appeal_for_update(appeal, actor=actor)
    refuse(close_refusal(actor, appeal))
    if message := closing_refusal(appeal):
        raise ApplicationError(message)
    if not allows("close", appeal.status):  # «answered» only once an answer on the merits has been sent
        if appeal.answers.filter(status=AnswerStatus.SENT).exists():
            raise ApplicationError(_("Промежуточный ответ или запрос информации не завершают рассмотрение."))
        raise ApplicationError(_("Ответ по существу ещё не направлен."))
    questions = list(appeal.questions.all())
    if not questions:
        raise ApplicationError(_("Укажите вопросы обращения и результат по каждому."))
    open_questions = [q.position for q in questions if not q.result]
    if open_questions:
        raise ApplicationError(
            _("Нет результата по вопросам: %(q)s.") % {"q": ", ".join(str(p) for p in open_questions)}
        )
    appeal.status, appeal.closed_at = next_status("close", appeal.status), timezone.now()
    appeal.save(update_fields=["status", "closed_at", "updated_at"])
    events.closed(appeal=appeal, actor=actor)
    return appeal


MAX_RATING_COMMENT = 2000


@transaction.atomic
def answer_rate(*, appeal: Appeal, score: int, comment: str = "", actor: User | None = None) -> AnswerRating:
    """The author rates the sent answer once: 1–5 and a comment; the rating feeds the satisfaction figures."""
    appeal = appeal_for_update(appeal, actor=None)  # the author, through the signed link
    if not appeal.answers.filter(status=AnswerStatus.SENT, kind__in=CLOSING_KINDS).exists():
        raise ApplicationError(_("Оценить можно только направленный ответ по существу."))
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise ApplicationError(_("Оценка — целое число от 1 до 5."), field="score")
    comment = (comment or "").strip()
    if len(comment) > MAX_RATING_COMMENT:
        raise ApplicationError(_("Комментарий — не длиннее 2000 знаков."), field="comment")
    if AnswerRating.objects.filter(appeal=appeal).exists():
        raise ApplicationError(_("Ответ уже оценён. Спасибо!"))
    rating = AnswerRating.objects.create(appeal=appeal, score=score, comment=comment)
    events.answer_rated(appeal=appeal, rating=rating, actor=actor)
    return rating
