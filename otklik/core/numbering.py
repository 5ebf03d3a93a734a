"""Registration numbers for every room: one yearly counter per body and kind, taken in a single statement."""

from __future__ import annotations

from django.db import connection

from .models import NumberCounter


def counter_next(*, organisation_id: int, year: int, kind: str) -> int:
    """Take the next number of a yearly counter in one statement: the upsert locks the row until the commit,
    so concurrent registrations queue on it and never share a number (PostgreSQL and SQLite ≥ 3.35).
    Kinds are free text owned by the rooms ("appeal", "request", "outgoing", …)."""
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organisation_id, year, kind, last) VALUES (%s, %s, %s, 1) "  # noqa: S608 - name only
            f"ON CONFLICT (organisation_id, year, kind) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [organisation_id, year, kind],
        )
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def format_number(template: str, *, sequence: int, year: int) -> str:
    """A number from a body's template: {seq}, {year} and {yy}; a broken template falls back to "seq/yy"."""
    try:
        return template.format(seq=sequence, year=year, yy=f"{year % 100:02d}")
    except (KeyError, IndexError, ValueError):
        return f"{sequence}/{year % 100:02d}"
