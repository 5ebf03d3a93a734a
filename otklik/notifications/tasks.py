"""Celery tasks of notifications: thin wrappers that deliver the outbox (and take in mail the previous release queued)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .services import notify_address, outbox_deliver


@shared_task(bind=True, name="otklik.notifications.tasks.deliver_outbox", acks_late=True, max_retries=None)
def deliver_outbox(self: Any, message_ids: list[int]) -> dict[str, int]:
    """Deliver these outbox rows; a soon retry stays with this task, a later one is the sweep's (beat)."""
    report = outbox_deliver(ids=message_ids)
    if report.next_attempt_at is not None and not self.request.is_eager:
        wait = max(0.0, (report.next_attempt_at - timezone.now()).total_seconds())
        # A countdown longer than the visibility timeout would come back as a duplicate from Redis: leave it to the
        # sweep, which runs every few minutes anyway. A duplicate that finds nothing due ends without a retry.
        if wait <= settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] / 2:
            raise self.retry(args=[report.retrying], countdown=wait)
    return report.counts()


@shared_task(name="otklik.notifications.tasks.send_email")
def send_email(subject: str, body: str, to: list[str]) -> int:
    """A message queued in the broker by the release before the outbox: write it to the outbox now."""
    return sum(notify_address(email=address, subject=subject, body=body) for address in to)
