"""Abuse limits on anonymous submissions: budgets per client address and per e-mail in the shared cache, and a
question to answer (core.challenge) once an address has used part of its budget."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .challenge import ChallengeReply, challenge_check
from .client_address import address_bucket
from .errors import ApplicationError, RateLimitedError

# What each budget's refusal says, per address and per e-mail; %(time)s is when to try again.
REFUSALS: dict[str, tuple[Promise, Promise]] = {
    "appeal": (
        _("Слишком много обращений с вашего адреса за короткое время. Попробуйте снова после %(time)s."),
        _("Слишком много обращений с этой электронной почты за короткое время. Попробуйте снова после %(time)s."),
    ),
    "sign_up": (
        _("Слишком много регистраций с вашего адреса за короткое время. Попробуйте снова после %(time)s."),
        _("Слишком много регистраций с этой электронной почтой. Попробуйте снова после %(time)s."),
    ),
    "confirmation_mail": (
        _("Слишком много писем для подтверждения с вашего адреса. Попробуйте снова после %(time)s."),
        _(
            "Письмо для подтверждения этого адреса уже отправлялось несколько раз за сутки. Проверьте почту "
            "(и папку «Спам») или попробуйте снова после %(time)s."
        ),
    ),
}


@dataclass(frozen=True)
class Budget:
    """How many submissions one address and one e-mail may make in `seconds` (0: no such limit), and from which
    earlier submission of the address on a question is asked first (None: never)."""

    name: str
    per_address: int
    per_email: int
    challenge_from: int | None
    seconds: int

    @classmethod
    def named(cls, name: str) -> Budget:
        values = settings.OTKLIK_SUBMISSION_LIMITS[name]
        challenge_from = values["challenge_from"]
        return cls(
            name=name,
            per_address=int(values["per_address"] or 0),
            per_email=int(values["per_email"] or 0),
            challenge_from=None if challenge_from is None else int(challenge_from),
            seconds=int(values["seconds"] or 3600),
        )


class SubmissionGuard:
    """One budget as seen by one client: ask whether a question is due, then admit or refuse a submission.

    Adapters make one per request (`address` from core.client_address; none for an application's API call, whose
    key has its own throttle) and call `admit` just before the service that writes.
    """

    def __init__(self, name: str, *, address: str = ""):
        self.budget = Budget.named(name)
        self.address = address_bucket(address) if address else ""

    def _address_key(self) -> str:
        return f"limit:{self.budget.name}:address:{self.address}"

    def _email_key(self, email: str) -> str:
        digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]  # no address in the cache
        return f"limit:{self.budget.name}:email:{digest}"

    def challenge_due(self) -> bool:
        """True when this address has made `challenge_from` submissions in the window: its forms ask first."""
        due_from = self.budget.challenge_from
        return bool(self.address) and due_from is not None and _count(self._address_key()) >= due_from

    def admit(self, *, email: str = "", reply: ChallengeReply | None = None) -> None:
        """Count one submission, or refuse it: RateLimitedError past a budget, ApplicationError on the question.

        A wrong answer counts against the address too, so guessing costs budget.
        """
        counters = self._counters(email)
        for key, limit, message in counters:
            if _count(key) >= limit:
                raise self._refusal(key, message)
        if self.challenge_due():
            try:
                challenge_check(reply or ChallengeReply())
            except ApplicationError:
                if reply and reply.answer.strip():
                    _hit(self._address_key(), self.budget.seconds)
                raise
        for key, limit, message in counters:
            if _hit(key, self.budget.seconds) > limit:  # another request took the last place meanwhile
                raise self._refusal(key, message)

    def _counters(self, email: str) -> list[tuple[str, int, Promise]]:
        by_address, by_email = REFUSALS[self.budget.name]
        counters: list[tuple[str, int, Promise]] = []
        if self.address and self.budget.per_address > 0:
            counters.append((self._address_key(), self.budget.per_address, by_address))
        if email.strip() and self.budget.per_email > 0:
            counters.append((self._email_key(email), self.budget.per_email, by_email))
        return counters

    def _refusal(self, key: str, message: Promise) -> RateLimitedError:
        until = cache.get(f"{key}:until") or timezone.now() + dt.timedelta(seconds=self.budget.seconds)
        moment = timezone.localtime(until).strftime("%H:%M %d.%m.%Y")
        field = "author.email" if ":email:" in key else None
        return RateLimitedError(str(message) % {"time": moment}, until=until, field=field)


def _count(key: str) -> int:
    return int(cache.get(key) or 0)


def _hit(key: str, seconds: int) -> int:
    """One more in a fixed window that starts with its first hit; the window's end is kept beside the count."""
    if cache.add(key, 1, timeout=seconds):
        cache.set(f"{key}:until", timezone.now() + dt.timedelta(seconds=seconds), timeout=seconds)
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # the window ended between the two calls
        return _hit(key, seconds)
