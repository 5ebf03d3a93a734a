"""A question a person answers when an address comes near its budget: self-hosted, no script, each asked once.

A sum or a difference of two numbers under ten in one plain sentence, which screen readers read as it stands; no
script and nothing from another site, so it works under a strict Content-Security-Policy. It is no wall
against a determined program; it makes a flood cost a request and a correct answer per submission, and the
budgets in core.submission_limits stop it. The expected answer travels only as an HMAC inside a signed token:
the page never carries it, and a token is accepted once (its nonce is then kept in the shared cache).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from .errors import ApplicationError

SALT = "otklik.core.challenge"
MAX_AGE = 3600  # a form left open longer gets a new question
FIELD = "challenge_answer"
TOKEN_FIELD = "challenge_token"  # noqa: S105 - the hidden input's name, not a secret


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


@dataclass(frozen=True)
class ChallengeReply:
    """What a form sent back: the question's token and the person's answer (both blank when none was asked)."""

    token: str = ""
    answer: str = ""


def _digest(nonce: str, answer: str) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer}", algorithm="sha256").hexdigest()


def challenge_new() -> Challenge:
    """A new question with its signed token."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2):
        question, answer = _("Сколько будет %(a)s плюс %(b)s?") % {"a": a, "b": b}, a + b
    else:
        a, b = max(a, b) + 1, min(a, b)
        question, answer = _("Сколько будет %(a)s минус %(b)s?") % {"a": a, "b": b}, a - b
    nonce = secrets.token_urlsafe(16)
    token = signing.dumps({"n": nonce, "d": _digest(nonce, str(answer))}, salt=SALT, compress=False)
    return Challenge(question=question, token=token)


def challenge_check(reply: ChallengeReply) -> None:
    """Accept the right answer to a live, unused question; anything else is refused (field `challenge_answer`).

    A blank answer leaves the question open; any other answer uses it up, so each question gets one guess.
    """
    answer = "".join(reply.answer.split())
    if not answer:
        raise ApplicationError(
            _("Ответьте на проверочный вопрос: так мы отличаем людей от программ, рассылающих письма."), field=FIELD
        )
    try:
        data = signing.loads(reply.token, salt=SALT, max_age=MAX_AGE)
        nonce, digest = str(data["n"]), str(data["d"])
    except (signing.BadSignature, KeyError, TypeError) as exc:
        raise _stale() from exc
    if not cache.add(f"challenge-used:{nonce}", 1, timeout=MAX_AGE):
        raise _stale()
    if not constant_time_compare(digest, _digest(nonce, answer)):
        raise ApplicationError(
            _("Ответ на проверочный вопрос неверен. Ответьте, пожалуйста, на новый вопрос."), field=FIELD
        )


def _stale() -> ApplicationError:
    return ApplicationError(_("Этот проверочный вопрос устарел. Ответьте, пожалуйста, на новый вопрос."), field=FIELD)
