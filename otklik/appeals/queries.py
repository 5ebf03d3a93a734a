"""Pure query building for the staff queue: filters over an already permission-checked queryset."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from .choices import AppealStatus
from .models import Appeal, Question

OPEN_STATES = (AppealStatus.REGISTERED, AppealStatus.IN_WORK)


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def filtered_queue(queryset: QuerySet[Appeal], filters: dict[str, Any], today: dt.date) -> QuerySet[Appeal]:
    """Apply the queue filters; the result is ordered by the governing date, then by registration number."""
    # The governing date: the extended one after an extension (Appeal.governing_due_date, in SQL).
    queryset = queryset.annotate(governing=Coalesce("extended_due_date", "due_date"))
    if status := filters.get("status"):
        queryset = queryset.filter(status=status)
    if filters.get("overdue"):
        queryset = queryset.filter(governing__lt=today, status__in=OPEN_STATES)
    days = filters.get("due_within_days")
    if days is not None and days != "":
        queryset = queryset.filter(governing__gte=today, governing__lte=today + dt.timedelta(days=int(days)))
    if unit := filters.get("unit"):
        queryset = queryset.filter(unit_id=_pk(unit))
    if executor := filters.get("executor"):
        queryset = queryset.filter(executor_id=_pk(executor))
    if section := filters.get("section"):
        questions = Question.objects.filter(appeal=OuterRef("pk"), classifier__section_code=section)
        queryset = queryset.filter(Exists(questions))
    if channel := filters.get("channel"):
        queryset = queryset.filter(channel=channel)
    if kind := filters.get("kind"):
        queryset = queryset.filter(kind=kind)
    if q := str(filters.get("q") or "").strip():
        queryset = queryset.filter(
            Q(number__icontains=q) | Q(author__last_name__icontains=q) | Q(author__organisation_name__icontains=q)
        )
    # "10-О/25" must come after "9-О/25": the year and sequence order numbers as numbers, the text breaks ties.
    return queryset.order_by("governing", "year", "sequence", "number")
