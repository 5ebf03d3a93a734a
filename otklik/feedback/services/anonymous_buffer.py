"""The anonymous buffer: anonymous submissions wait sealed and are written out in shuffled batches (003 §10.6.2).

Why a buffer. A row written at the moment of answering carries that moment in storage even without a time column:
PostgreSQL stamps it with the writing transaction's id (`xmin`, increasing with time), puts it after the rows written
before it (`ctid`; `rowid` on SQLite), and a sequence would number it. Together with the web server's access log
(who sent a form when) and the used personal links, that order names the respondent. So an anonymous submission is
first sealed (otklik.feedback.sealed: encrypted, padded to one length) into an `AnonymousBufferEntry` with a random
key and the day only, in a transaction of its own that writes nothing else. The sweep then writes the entries of
earlier days, and those of today once a group holds `FEEDBACK_ANONYMOUS_BATCH` of them, in one transaction, in an
order drawn from `RANDOM`, and deletes them: all rows of a batch share one `xmin`, their `ctid` follow the shuffle,
their keys are random, their date is the day. No VACUUM is needed for that claim: the written rows are never
updated in a way that keeps the order of answering, and the buffer's dead tuples (and the WAL) hold only sealed
bytes. The batch is the anonymity set: everyone who answered that day, or at least a full batch. What stays
visible is who used a link (the flag the one-answer rule needs) and on which day an answer was given; and whoever
holds both the secret key and a copy of the buffer from before its batch (or its dead tuples, or the WAL) could read
answers in their order, so the key stays off the database server.

Reuse. A room registers a sink for its `kind` with `register_anonymous_sink` (it writes the opened entries, in the
order given, and its own audit rows — one per batch, never one per submission), checks eligibility first (e.g. a
one-time code redeemed like `invitation_redeem`: by POST, in its own durable transaction), then calls
`anonymous_buffer_append`. Survey responses use it (services.responses); the staff suggestion box of the internal
client room is meant to use it the same way (it is not built yet).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.db import IntegrityError, transaction

from otklik.orgs.models import Organisation

from ..models import AnonymousBufferEntry
from ..sealed import UnreadableSealError, digest, seal, unseal

# The one source of randomness for anonymity (batch order, keys of written rows, order of making links and
# follow-up tasks): the operating system's; tests fix a seed here.
RANDOM: random.Random = random.SystemRandom()
T = TypeVar("T")


def shuffled(items: Iterable[T]) -> list[T]:
    result = list(items)
    RANDOM.shuffle(result)
    return result


def random_uuid() -> uuid.UUID:
    return uuid.UUID(int=RANDOM.getrandbits(128), version=4)


@dataclass(frozen=True)
class OpenedEntry:
    """A buffered submission opened for writing out: its group, its day and what was submitted."""

    group: str
    day: dt.date
    payload: dict[str, Any]


class AnonymousSink(Protocol):
    def __call__(self, *, organisation: Organisation, entries: Sequence[OpenedEntry]) -> None: ...


_SINKS: dict[str, AnonymousSink] = {}


def register_anonymous_sink(kind: str) -> Callable[[AnonymousSink], AnonymousSink]:
    """Decorator for the function that writes a batch of `kind` out; it runs inside the batch's transaction."""

    def decorator(func: AnonymousSink) -> AnonymousSink:
        _SINKS[kind] = func
        return func

    return decorator


def anonymous_buffer_holds(*, form_key: str) -> bool:
    """Whether the form with this submission key already waits in the buffer (a double click)."""
    return AnonymousBufferEntry.objects.filter(form_digest=digest(form_key)).exists()


def anonymous_buffer_append(
    *,
    organisation: Organisation,
    kind: str,
    group: str,
    day: dt.date,
    payload: Mapping[str, Any],
    form_key: str,
    block: int,
) -> bool:
    """Seal a submission into the buffer in a transaction of its own; False if this form already waits there.

    No audit row: a row per submission would keep its moment. The sink audits the batch.
    """
    if kind not in _SINKS:
        raise ValueError(f"no anonymous sink registered for {kind!r}")
    entry = AnonymousBufferEntry(
        id=random_uuid(),
        organisation=organisation,
        kind=kind,
        group=group,
        day=day,
        sealed=seal(payload, block=block),
        form_digest=digest(form_key),
    )
    try:
        with transaction.atomic(durable=True):
            entry.save(force_insert=True)
    except IntegrityError:  # the same form sent twice at once
        return False
    return True


@dataclass(frozen=True)
class FlushReport:
    written: int = 0
    unreadable: int = 0


@transaction.atomic
def anonymous_buffer_flush(*, organisation: Organisation, today: dt.date, min_batch: int) -> FlushReport:
    """Write out, in one transaction and a random order, the entries of earlier days and today's full groups.

    `min_batch` below 1 leaves every entry of today for tomorrow. An entry no key opens stays and is counted.
    """
    waiting = list(
        AnonymousBufferEntry.objects.select_for_update(skip_locked=True)
        .filter(organisation=organisation)
        .order_by("pk")
    )
    today_sizes = Counter((entry.kind, entry.group) for entry in waiting if entry.day >= today)
    due = [
        entry
        for entry in waiting
        if entry.kind in _SINKS
        and (entry.day < today or (min_batch > 0 and today_sizes[(entry.kind, entry.group)] >= min_batch))
    ]
    opened: list[tuple[str, OpenedEntry]] = []
    done = []
    unreadable = 0
    for entry in due:
        try:
            payload = unseal(bytes(entry.sealed))
        except UnreadableSealError:
            unreadable += 1
            continue
        opened.append((entry.kind, OpenedEntry(group=entry.group, day=entry.day, payload=payload)))
        done.append(entry.pk)
    opened = shuffled(opened)
    for kind in sorted({kind for kind, _ in opened}):
        _SINKS[kind](organisation=organisation, entries=[entry for k, entry in opened if k == kind])
    AnonymousBufferEntry.objects.filter(pk__in=done).delete()
    return FlushReport(written=len(done), unreadable=unreadable)
