"""Sending notices: mail goes out only after the transaction that caused it commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from otklik.orgs.models import User

logger = logging.getLogger(__name__)


def notify_staff(*, recipients: Iterable[User], subject: str, body: str) -> int:
    """E-mail each recipient with an address once the current transaction commits; returns how many."""
    addresses = sorted({user.email for user in recipients if user.email and user.is_active})
    if not addresses:
        return 0

    def send() -> None:
        for address in addresses:
            try:
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
            except OSError:
                logger.exception("could not send %r to %s", subject, address)

    transaction.on_commit(send)
    return len(addresses)


def notify_address(*, email: str, subject: str, body: str) -> bool:
    """E-mail a client (not a staff account) after the current transaction commits."""
    if not email:
        return False

    def send() -> None:
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]).send()
        except OSError:
            logger.exception("could not send %r to %s", subject, email)

    transaction.on_commit(send)
    return True
