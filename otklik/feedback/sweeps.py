"""Periodic work of feedback: follow-up for negative anonymous questionnaires of earlier days, overdue reminders."""

import datetime as dt
from typing import Any

from otklik.calendars.workdays import local_date
from otklik.core.sweeps import register_sweep
from otklik.orgs.models import Organisation

from .choices import FollowUpStatus
from .models import FollowUpTask, Response
from .services import follow_up_anonymous_open, follow_up_overdue_remind


@register_sweep("feedback-anonymous-follow-up")
def anonymous_follow_up(now: dt.datetime) -> dict[str, Any]:
    opened = 0
    organisation_ids = (
        Response.objects.filter(is_negative=True, follow_up_checked=False)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    for organisation in Organisation.objects.filter(pk__in=list(organisation_ids)):
        opened += follow_up_anonymous_open(organisation=organisation, today=local_date(now, organisation.tz))
    return {"opened": opened}


@register_sweep("feedback-follow-up-overdue")
def follow_up_overdue(now: dt.datetime) -> dict[str, Any]:
    reminded = 0
    organisation_ids = (
        FollowUpTask.objects.filter(status=FollowUpStatus.OPEN, overdue_reminded=False)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    for organisation in Organisation.objects.filter(pk__in=list(organisation_ids)):
        reminded += follow_up_overdue_remind(organisation=organisation, today=local_date(now, organisation.tz))
    return {"reminded": reminded}
