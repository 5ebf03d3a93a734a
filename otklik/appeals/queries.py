"""Pure query building for the staff queue: filters over an already permission-checked queryset."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.utils.functional import cached_property

from .models import Appeal, Author
from .workflow import OPEN_STATES

OPEN, ALL = "open", "all"
SECTION_CODE = re.compile(r"\d{4}")
QUEUE_PAGE_SIZE = 50
COUNT_CAP = 10_000


class CappedPaginator(Paginator[Appeal]):
    """Counts at most COUNT_CAP + 1 rows: an exact total of a million closed appeals helps nobody and costs seconds."""

    object_list: QuerySet[Appeal]

    @cached_property
    def count(self) -> int:
        # Counting needs no order: without it the database stops at the cap by the cheapest path.
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def _search(q: str) -> Q:
    """A number has digits and a name has none: each kind of query looks where it can match, so a name search
    starts from the few matching authors (an index per author) instead of reading every appeal."""
    if any(char.isdigit() for char in q):
        return Q(number__icontains=q)
    authors = Author.objects.filter(Q(last_name__icontains=q) | Q(organisation_name__icontains=q))
    return Q(author__in=authors.values("pk"))


def filtered_queue(queryset: QuerySet[Appeal], filters: dict[str, Any], today: dt.date) -> QuerySet[Appeal]:
    """Apply the queue filters; the result is ordered by the governing date, then by registration number."""
    # The governing date is stored (the extended one after an extension), so the order below uses an index.
    queryset = queryset.annotate(governing=F("governing_due_date"))
    status = filters.get("status") or OPEN
    if status == OPEN:  # the default: what is still under consideration
        queryset = queryset.filter(status__in=OPEN_STATES)
    elif status != ALL:
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
    if (section := str(filters.get("section") or "")) and SECTION_CODE.fullmatch(section):
        queryset = queryset.filter(section_codes__contains=section)  # fixed-width codes: no false matches
    if channel := filters.get("channel"):
        queryset = queryset.filter(channel=channel)
    if kind := filters.get("kind"):
        queryset = queryset.filter(kind=kind)
    if q := str(filters.get("q") or "").strip():
        queryset = queryset.filter(_search(q))
    # "10-О/25" must come after "9-О/25": the year and sequence order numbers as numbers, the text breaks ties.
    return queryset.order_by("governing_due_date", "year", "sequence")
