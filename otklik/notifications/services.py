"""Sending notices: each e-mail is queued as a Celery task once the transaction that caused it commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from otklik.orgs.models import User


def _queue(subject: str, body: str, to: list[str]) -> None:
    from .tasks import send_email

    transaction.on_commit(lambda: send_email.delay(subject, body, to))


def notify_staff(*, recipients: Iterable[User], subject: str, body: str) -> int:
    """E-mail each staff recipient with an address; returns how many were queued."""
    addresses = sorted({user.email for user in recipients if user.email and user.is_active})
    for address in addresses:
        _queue(subject, body, [address])
    return len(addresses)


def notify_address(*, email: str, subject: str, body: str) -> bool:
    """E-mail a client (not a staff account)."""
    if not email:
        return False
    _queue(subject, body, [email])
    return True
