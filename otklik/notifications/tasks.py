"""Celery tasks of notifications: sending one e-mail, retried while the mail server is unreachable."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="otklik.notifications.tasks.send_email", max_retries=8, acks_late=True)
def send_email(self: Any, subject: str, body: str, to: list[str]) -> bool:
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
    except OSError as exc:
        if self.request.is_eager:  # embedded default: no worker to retry later; the failure is logged
            logger.exception("could not send %r to %s", subject, to)
            return False
        raise self.retry(exc=exc, countdown=min(3600, 60 * 2**self.request.retries)) from exc
    return True
