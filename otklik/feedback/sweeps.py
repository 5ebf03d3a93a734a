"""Periodic work of feedback: anonymous answers written out in batches, their follow-up the next day, reminders."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from otklik.calendars.workdays import local_date
from otklik.core.sweeps import register_sweep
from otklik.orgs.models import Organisation

from .choices import FollowUpStatus
from .models import AnonymousBufferEntry, FollowUpTask, Response
from .services import anonymous_buffer_flush, follow_up_anonymous_open, follow_up_overdue_remind


def _each_organisation(now: dt.datetime, pending: QuerySet[Any], run: Callable[..., int]) -> int:
    """Run a service for every organisation that has pending rows, on that organisation's own date."""
    organisation_ids = pending.values_list("organisation_id", flat=True).distinct()
    done = 0
    for organisation in Organisation.objects.filter(pk__in=list(organisation_ids)):
        done += run(organisation=organisation, today=local_date(now, organisation.tz))
    return done


# Runs before the follow-up sweep (sweeps run by name), so yesterday's negative answers get their tasks at once.
@register_sweep("feedback-anonymous-buffer")
def anonymous_buffer(now: dt.datetime) -> dict[str, Any]:
    written = unreadable = 0
    pending = AnonymousBufferEntry.objects.all()
    for organisation in Organisation.objects.filter(
        pk__in=list(pending.values_list("organisation_id", flat=True).distinct())
    ):
        report = anonymous_buffer_flush(
            organisation=organisation,
            today=local_date(now, organisation.tz),
            min_batch=settings.FEEDBACK_ANONYMOUS_BATCH,
        )
        written += report.written
        unreadable += report.unreadable
    return {"written": written, "unreadable": unreadable}


@register_sweep("feedback-anonymous-follow-up")
def anonymous_follow_up(now: dt.datetime) -> dict[str, Any]:
    pending = Response.objects.filter(is_negative=True, follow_up_checked=False)
    return {"opened": _each_organisation(now, pending, follow_up_anonymous_open)}


@register_sweep("feedback-follow-up-overdue")
def follow_up_overdue(now: dt.datetime) -> dict[str, Any]:
    pending = FollowUpTask.objects.filter(status=FollowUpStatus.OPEN, overdue_reminded=False)
    return {"reminded": _each_organisation(now, pending, follow_up_overdue_remind)}
