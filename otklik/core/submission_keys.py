"""Submission keys: every submitting form and API call carries one; one key from one sender is one submission."""

from __future__ import annotations

import uuid

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ApplicationError

MAX_LENGTH = 64
FIELD = "submission_key"
# What a person reads when a form arrives without its hidden key (a page kept from before, a hand-made request).
MISSING_IN_FORM = gettext_lazy(
    "Форма пришла без ключа отправки (например, страница открыта из старой вкладки). "
    "Всё введённое сохранено: проверьте его и отправьте форму ещё раз."
)
# What an API caller reads when the body has no key.
MISSING_IN_CALL = gettext_lazy(
    "Нет ключа отправки (submission_key): укажите для каждой отправки свой ключ, "
    "тогда повтор той же отправки не зарегистрирует её дважды."
)


def new_submission_key() -> str:
    return uuid.uuid4().hex


def submission_key_checked(raw: str | None) -> str:
    """The key as given, trimmed; a missing or overlong key is refused (field `submission_key`)."""
    key = (raw or "").strip()
    if not key:
        raise ApplicationError(str(MISSING_IN_CALL), field=FIELD)
    if len(key) > MAX_LENGTH:
        message = _("Слишком длинный ключ отправки: не длиннее %(n)s знаков.") % {"n": MAX_LENGTH}
        raise ApplicationError(message, field=FIELD)
    return key


def submission_key_scoped(raw: str | None, *, sender: str) -> str:
    """The key as stored: the sender's own, so that the same key from anyone else never matches it.

    An HMAC of the sender and the key (64 hex digits, the column's width): a key seen by someone else — a shared
    computer, a leaked log — neither brings back another sender's submission nor blocks theirs.
    """
    key = submission_key_checked(raw)
    return salted_hmac("otklik.submission_key", f"{sender}\n{key}", algorithm="sha256").hexdigest()
