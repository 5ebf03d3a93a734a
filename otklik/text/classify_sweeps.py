"""The text room's classifier part: the weekly retrain of every body's model."""

from __future__ import annotations

import datetime as dt
from typing import Any

from otklik.core.sweeps import register_sweep
from otklik.orgs.models import Organisation

from .classify_services import classifier_retrain
from .models import ClassifierModel

WEEK = dt.timedelta(days=7)


@register_sweep("text-classifier-weekly-retrain")
def weekly_retrain(now: dt.datetime) -> dict[str, Any]:
    """Retrain each body whose current model is a week old or missing."""
    retrained = 0
    fresh = set(
        ClassifierModel.objects.filter(is_current=True, created_at__gt=now - WEEK).values_list(
            "organisation_id", flat=True
        )
    )
    for organisation in Organisation.objects.exclude(pk__in=fresh):
        classifier_retrain(organisation=organisation)
        retrained += 1
    return {"retrained": retrained}
