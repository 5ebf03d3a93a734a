"""Periodic work of the registry: reminders about versions whose publication term is near or past."""

import datetime as dt
from typing import Any

from otklik.calendars.workdays import local_date
from otklik.core.sweeps import register_sweep
from otklik.orgs.models import Organisation

from .models import RegistryVersion
from .services import registry_publication_reminders_send


@register_sweep("registry-publication-deadlines")
def publication_deadlines(now: dt.datetime) -> dict[str, Any]:
    totals = {"reminders": 0, "overdue": 0}
    organisation_ids = (
        RegistryVersion.objects.filter(published_at__isnull=True, superseded=False)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    for organisation in Organisation.objects.filter(pk__in=list(organisation_ids)):
        sent = registry_publication_reminders_send(organisation=organisation, today=local_date(now, organisation.tz))
        for key, value in sent.items():
            totals[key] += value
    return totals
