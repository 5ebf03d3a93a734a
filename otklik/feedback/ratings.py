"""Satisfaction figures: a registry of rating sources merged into CSAT per organisation, channel, process, unit, quarter.

Contract of a source: `func(organisation, start, end)` (dates inclusive) yields RatingFact rows for ratings left
in that period — score 1..5, the channel code (otklik.orgs.choices.ChannelType), the process id or None, the unit id
or None, the day, and a source label shown on the quarterly page. Register with `@register_rating_source("code")`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from otklik.appeals.choices import IntakeChannel
from otklik.appeals.selectors import answer_ratings
from otklik.orgs.choices import ChannelType
from otklik.orgs.models import Organisation

from .choices import Audience, QuestionKind, RatingSource


@dataclass(frozen=True)
class RatingFact:
    score: int
    channel: str
    process_id: int | None
    unit_id: int | None
    day: dt.date
    source: str


RatingSourceFunction = Callable[[Organisation, dt.date, dt.date], Iterable[RatingFact]]
_SOURCES: dict[str, RatingSourceFunction] = {}


def register_rating_source(code: str) -> Callable[[RatingSourceFunction], RatingSourceFunction]:
    """Decorator: add a source of rating facts; registering the same code again replaces it."""

    def decorator(func: RatingSourceFunction) -> RatingSourceFunction:
        _SOURCES[code] = func
        return func

    return decorator


def rating_facts(organisation: Organisation, start: dt.date, end: dt.date) -> Iterator[RatingFact]:
    for code in sorted(_SOURCES):
        for fact in _SOURCES[code](organisation, start, end):
            if 1 <= fact.score <= 5 and start <= fact.day <= end:
                yield fact


@dataclass(frozen=True)
class Csat:
    """Share of ratings 4–5 among all ratings, in per cent (None when nothing was rated)."""

    total: int
    satisfied: int

    @property
    def percent(self) -> float | None:
        if not self.total:
            return None
        return round(100 * self.satisfied / self.total, 1)


def csat_of(facts: Iterable[RatingFact]) -> Csat:
    total = satisfied = 0
    for fact in facts:
        total += 1
        satisfied += fact.score >= 4
    return Csat(total, satisfied)


def csat_by(facts: Iterable[RatingFact], key: Callable[[RatingFact], object]) -> dict[object, Csat]:
    grouped: dict[object, list[RatingFact]] = defaultdict(list)
    for fact in facts:
        grouped[key(fact)].append(fact)
    return {group: csat_of(items) for group, items in grouped.items()}


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1..4")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


@register_rating_source("surveys")
def survey_rating_facts(organisation: Organisation, start: dt.date, end: dt.date) -> Iterator[RatingFact]:
    """Scores of rating questions in client surveys (staff surveys are not client satisfaction)."""
    from .models import Answer

    rows = Answer.objects.filter(
        response__organisation=organisation,
        response__submitted_on__range=(start, end),
        response__version__survey__audience=Audience.CLIENTS,
        question__kind=QuestionKind.RATING,
        score__isnull=False,
    ).values_list("score", "response__channel", "response__process_id", "response__unit_id", "response__submitted_on")
    label = _("Опросы")
    for score, channel, process_id, unit_id, day in rows.iterator():
        yield RatingFact(int(score or 0), channel, process_id, unit_id, day, label)


@register_rating_source("imported")
def imported_rating_facts(organisation: Organisation, start: dt.date, end: dt.date) -> Iterator[RatingFact]:
    """Ratings imported from EPGU and the feedback platform."""
    from .models import ImportedRating

    labels: dict[str, str] = {
        RatingSource.EPGU: str(RatingSource.EPGU.label),
        RatingSource.POS: str(RatingSource.POS.label),
    }
    channels: dict[str, str] = {RatingSource.EPGU: ChannelType.EPGU, RatingSource.POS: ChannelType.POS}
    rows = ImportedRating.objects.filter(organisation=organisation, rated_on__range=(start, end)).values_list(
        "score", "source", "process_id", "unit_id", "rated_on"
    )
    for score, source, process_id, unit_id, day in rows.iterator():
        yield RatingFact(score, str(channels[source]), process_id, unit_id, day, labels[source])


# Where an appeal came in, as a channel of the satisfaction figures (ChannelType).
APPEAL_CHANNELS: dict[str, str] = {
    IntakeChannel.PORTAL: ChannelType.SITE,
    IntakeChannel.EMAIL: ChannelType.EMAIL,
    IntakeChannel.POST: ChannelType.POST,
    IntakeChannel.RECEPTION: ChannelType.RECEPTION,
    IntakeChannel.PHONE: ChannelType.PHONE,
    IntakeChannel.EPGU: ChannelType.EPGU,
    IntakeChannel.POS: ChannelType.POS,
    IntakeChannel.SOCIAL: ChannelType.SOCIAL,
    IntakeChannel.API: ChannelType.API,
}


@register_rating_source("answers")
def answer_rating_facts(organisation: Organisation, start: dt.date, end: dt.date) -> Iterator[RatingFact]:
    """The authors' ratings of the answers to their appeals, by the appeal's channel and unit."""
    tz = organisation.tz
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = answer_ratings(organisation=organisation, since=since, until=until).values_list(
        "score", "appeal__channel", "appeal__unit_id", "created_at"
    )
    label = _("Оценки ответов на обращения")
    for score, channel, unit_id, created_at in rows.iterator():
        day = created_at.astimezone(tz).date()
        yield RatingFact(score, str(APPEAL_CHANNELS.get(channel, ChannelType.OTHER)), None, unit_id, day, label)
