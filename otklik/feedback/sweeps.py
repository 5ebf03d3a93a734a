"""Periodic work of feedback: once a day, negative anonymous questionnaires of earlier days get their follow-up."""

import datetime as dt
from typing import Any

from otklik.calendars.workdays import local_date
from otklik.core.sweeps import register_sweep
from otklik.orgs.models import Organisation

from .models import Response
from .services import follow_up_anonymous_open


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
