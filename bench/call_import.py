"""Benchmark row for the contact centre on PostgreSQL: the import of 1 000 000 generated CSV call rows through
`calls_file_import` (the code `manage.py import_calls` runs), as rows per second and the child process's peak
resident memory, with a 100 000-row import beside it: a flat peak means the file is streamed, not held.

The row uses its own database (the bench database's name + `_calls`), migrated once, with one body, its two lines
and two operators. Each run deletes the body's calls first, so every run imports the same rows into an empty log.
The CSV is generated to a temporary file (about 110 MB) by a seeded generator and removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import appeals_data
from .own_database import ensure_database, own_database_url, run_child
from .table import Row

ROWS = 1_000_000
SMALL_ROWS = 100_000
SLUG = "bench-calls"
SEED = 20261201
HEADER = (
    "call_id,started_at,line,operator,direction,wait_seconds,talk_seconds,wrap_seconds,hold_seconds,transfers,"
    "outcome,first_contact_resolved,satisfied,topic_code\n"
)


def prepare() -> dict[str, Any]:
    """In the child: migrate the database and create the body, its lines and operators unless there."""
    import django

    django.setup()
    from django.core.management import call_command

    from otklik.channels.models import PhoneLine
    from otklik.orgs.choices import ChannelType, RoleCode
    from otklik.orgs.models import Channel, Membership, Organisation, Role, User

    call_command("migrate", verbosity=0, interactive=False)
    organisation, created = Organisation.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Главное управление (стенд контакт-центра)",
            "short_name": "Стенд",
            "timezone": "Asia/Vladivostok",
        },
    )
    channel, _ = Channel.objects.get_or_create(
        organisation=organisation, code="phone", defaults={"channel_type": ChannelType.PHONE, "name": "Телефон"}
    )
    for code, procedure in (("appeals", "appeals"), ("services", "services")):
        PhoneLine.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={"name": code, "procedure": procedure, "channel": channel},
        )
    for n in range(2):
        user, _ = User.objects.get_or_create(username=f"bench-cc-{n}", defaults={"email": f"cc{n}@bench.invalid"})
        membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation)
        membership.roles.set([Role.objects.get_or_create(code=RoleCode.CC_OPERATOR)[0]])
    return {"created": created}


def _write_csv(path: Path, rows: int) -> None:
    rng = random.Random(SEED)
    start = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=10)))
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for n in range(rows):
            started = (start + dt.timedelta(seconds=n * 7)).isoformat()
            lost = rng.random() < 0.05
            line = "services" if n % 3 else "appeals"
            if lost:
                out.write(f"b-{n},{started},{line},,in,{rng.randint(30, 600)},0,0,0,0,lost,,,\n")
                continue
            satisfied = rng.choice(("yes", "yes", "no", ""))
            out.write(
                f"b-{n},{started},{line},bench-cc-{n % 2},in,{rng.randint(0, 400)},{rng.randint(30, 900)},"
                f"{rng.randint(0, 120)},{rng.randint(0, 60)},{rng.choice((0, 0, 0, 1, 2, 3))},answered,"
                f"{rng.choice(('1', '1', '0', ''))},{satisfied},\n"
            )


def measure(rows: int) -> dict[str, Any]:
    """In the child: import `rows` generated rows into an empty call log; rows/s and peak resident memory."""
    import django

    django.setup()
    from django.db import connection

    from otklik.channels.calls_import import calls_file_import
    from otklik.orgs.models import Organisation

    organisation = Organisation.objects.get(slug=SLUG)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM channels_callrecord WHERE organisation_id = %s", [organisation.pk])
        cursor.execute("VACUUM ANALYZE channels_callrecord")  # autocommit: the dead rows of the last run go
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calls.csv"
        _write_csv(path, rows)
        size_mb = path.stat().st_size / 2**20
        before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        with path.open("rb") as stream:
            result = calls_file_import(
                actor=None, organisation=organisation, stream=stream, file_name=path.name, file_format="csv"
            )
        seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": rows,
        "created": result.created,
        "file_mib": round(size_mb, 1),
        "seconds": round(seconds, 2),
        "rows_per_second": round(result.created / seconds),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "rss_before_mib": round(before_kib / 1024, 1),
    }


def rows() -> list[Row]:
    url = own_database_url("calls")
    print(f"Call import on PostgreSQL ({appeals_data.database_name(url)}): preparing…", flush=True)
    ensure_database(url)
    run_child("bench.call_import", ["--prepare"], url, 600)
    small = run_child(
        "bench.call_import", ["--measure", str(SMALL_ROWS)], url, 1800
    )  # each import in a fresh process: its own peak
    full = run_child("bench.call_import", ["--measure", str(ROWS)], url, 3600)
    print(
        f"  {small['created']:,} rows in {small['seconds']} s, peak RSS {small['peak_rss_mib']} MiB; "
        f"{full['created']:,} rows ({full['file_mib']} MiB of CSV) in {full['seconds']} s, "
        f"peak RSS {full['peak_rss_mib']} MiB",
        flush=True,
    )
    return [
        Row("call import, 1 000 000 CSV rows: rate", full["rows_per_second"], "rows/s", "—"),
        Row("call import, 1 000 000 CSV rows: peak RSS", full["peak_rss_mib"], "MiB", "≤ 1.5 × the 100 000-row peak"),
        Row("call import, 100 000 CSV rows: peak RSS", small["peak_rss_mib"], "MiB", "—"),
    ]


if __name__ == "__main__":
    if "--prepare" in sys.argv[1:]:
        print(json.dumps(prepare()))
    elif "--measure" in sys.argv[1:]:
        print(json.dumps(measure(int(sys.argv[sys.argv.index("--measure") + 1]))))
    elif "--row" in sys.argv[1:]:  # this row alone: python -m bench.call_import --row
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
        import django

        django.setup()
        for row in rows():
            print(row)
