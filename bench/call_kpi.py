"""Benchmark rows for the contact-centre KPIs on PostgreSQL: a line's KPIs over a quarter with 1 000 000 calls.

The rows use their own database (the bench database's name + `_callkpi`), migrated and seeded once with one body
(Khabarovsk-like, Asia/Vladivostok), two phone lines with the 004 App. 3 §7 thresholds, 20 operators and
1 000 000 calls in the first quarter of 2026: 80 % on the «services» line, 20 % on «appeals», one in twenty
outgoing, one in ten lost, waits, talks and transfers spread as a busy contact centre's. The seed is one
INSERT … SELECT over generate_series (the import's own speed is the calls bench's row). The measured query is
the one the API and the board run: kpi_selectors.line_kpi(services, 1 Jan – 31 Mar), its two SQL statements
(the aggregate and the lost-calls-per-day count), p50/p95 over repeated runs; and the API call end to end.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from typing import Any

from . import appeals_data
from .own_database import ensure_database, own_database_url, prepare_once, run_child
from .table import Row

CALLS = 1_000_000
SLUG = "bench-callkpi"
DEPUTY = "bench-callkpi-deputy"
RUNS = 40
QUARTER = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def _seeded() -> bool:
    from otklik.channels.models import CallRecord

    return CallRecord.objects.filter(organisation__slug=SLUG).count() == CALLS


def prepare() -> dict[str, Any]:
    """In the child: migrate the database and seed it unless this data version is there already."""
    return prepare_once(seeded=_seeded, seed=_seed, table="channels_callrecord")


SEED_SQL = """
INSERT INTO channels_callrecord (
    created_at, updated_at, organisation_id, line_id, call_id, operator_id, operator_name, direction, started_at,
    wait_seconds, talk_seconds, wrap_seconds, hold_seconds, transfers, outcome, first_contact_resolved,
    satisfaction_asked, satisfied, topic_code, unanswered_outcome, appeal_id, greeted_with_body_name,
    operator_named, transfer_announced, notes, source, import_batch
)
SELECT now(), now(), %(org)s,
       CASE WHEN r.l < 0.8 THEN %(services)s ELSE %(appeals)s END,
       'bench-' || g,
       CASE WHEN r.lost THEN NULL ELSE (%(operators)s::bigint[])[(1 + (g %% 20))::int] END,
       '', CASE WHEN r.out THEN 'out' ELSE 'in' END,
       timestamptz '2026-01-01 00:00:00+10' + (g::double precision / %(calls)s) * interval '90 days'
           + ((g * 7919) %% 3600) * interval '1 second' - interval '30 minutes',
       (r.w * 420)::int,
       CASE WHEN r.lost THEN 0 ELSE 30 + (r.t * 700)::int END,
       CASE WHEN r.lost THEN 0 ELSE (r.t * 90)::int END,
       CASE WHEN r.lost THEN 0 ELSE ((g * 31) %% 40) END,
       CASE WHEN r.lost THEN 0 ELSE (g %% 97) %% 4 END,
       CASE WHEN r.lost THEN 'lost' ELSE 'answered' END,
       CASE WHEN r.lost THEN NULL ELSE (g %% 6) <> 0 END,
       NOT r.lost AND (g %% 5) <> 0,
       CASE WHEN r.lost OR (g %% 5) = 0 THEN NULL ELSE (g %% 9) <> 0 END,
       '', '', NULL, true, true, (g %% 97) %% 4 > 0, '', 'csv', 'bench'
FROM generate_series(1::bigint, %(calls)s::bigint) AS g,
     LATERAL (SELECT ((g * 2654435761) %% 1000) / 1000.0 AS l,
                     ((g * 40503) %% 1000) / 1000.0 AS w,
                     ((g * 9973) %% 1000) / 1000.0 AS t,
                     (g %% 10) = 3 AS lost,
                     (g %% 20) = 7 AS out) AS r
"""


def _seed() -> None:
    from django.db import connection, transaction

    from otklik.channels.models import PhoneLine
    from otklik.orgs.choices import RoleCode
    from otklik.orgs.models import Membership, Organisation, Role, User

    with transaction.atomic():
        Organisation.objects.filter(slug=SLUG).delete()  # a half-made seed of an interrupted run
        organisation = Organisation.objects.create(
            slug=SLUG, name="Министерство (стенд контакт-центра)", short_name="Стенд КЦ", timezone="Asia/Vladivostok"
        )
        thresholds = {
            "queue_wait_max_seconds": 300,
            "first_contact_resolution_min_percent": 80,
            "transfers_max": 2,
            "lost_calls_max_per_day": 2,
            "avg_handling_max_seconds": 420,
            "avg_talk_max_seconds": 600,
        }
        services = PhoneLine.objects.create(
            organisation=organisation, code="services", name="Госуслуги", procedure="services", **thresholds
        )
        appeals = PhoneLine.objects.create(
            organisation=organisation, code="appeals", name="Обращения", procedure="appeals", avg_talk_max_seconds=600
        )
        operators = []
        roles = [RoleCode.CC_DEPUTY_HEAD] + [RoleCode.CC_OPERATOR] * 20
        for n, role in enumerate(roles):
            user = User.objects.create_user(
                username=DEPUTY if n == 0 else f"bench-callkpi-operator-{n}", email=f"cc{n}@bench.invalid"
            )
            membership = Membership.objects.create(user=user, organisation=organisation)
            membership.roles.set([Role.objects.get_or_create(code=role)[0]])
            if n:
                operators.append(user.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                SEED_SQL,
                {
                    "org": organisation.pk,
                    "services": services.pk,
                    "appeals": appeals.pk,
                    "operators": operators,
                    "calls": CALLS,
                },
            )


def _p(timings: list[float]) -> dict[str, float]:
    return {"p50_ms": statistics.median(timings), "p95_ms": statistics.quantiles(timings, n=20)[18]}


def measure() -> dict[str, Any]:
    """In the child: line_kpi over the quarter (p50/p95, the SQL statements and their time), then the API call."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from otklik.channels.kpi_selectors import line_kpi
    from otklik.channels.models import CallRecord, PhoneLine
    from otklik.orgs.models import User

    line = PhoneLine.objects.select_related("organisation").get(organisation__slug=SLUG, code="services")
    start, end = QUARTER
    result: dict[str, Any] = {"calls": CallRecord.objects.filter(organisation=line.organisation).count()}
    line_kpi(line, start, end)  # warm the buffer cache
    with CaptureQueriesContext(connection) as context:
        kpi = line_kpi(line, start, end)
    result["kpi"] = kpi.as_api()
    result["queries"] = len(context.captured_queries)
    result["sql_ms"] = round(sum(float(q["time"]) for q in context.captured_queries) * 1000, 1)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        line_kpi(line, start, end)
        timings.append((time.perf_counter() - started) * 1000)
    result["query"] = _p(timings)
    deputy = User.objects.get(username=DEPUTY)
    token, _created = Token.objects.get_or_create(user=deputy)
    client = APIClient(HTTP_HOST="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    query = {"organization": SLUG, "line": "services", "from": start.isoformat(), "to": end.isoformat()}
    response = client.get("/api/v1/contact-centre/kpi/", query)
    result["api_status"] = response.status_code
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get("/api/v1/contact-centre/kpi/", query)
        timings.append((time.perf_counter() - started) * 1000)
    result["api"] = _p(timings)
    return result


def rows() -> list[Row]:
    url = own_database_url("callkpi")
    print(f"Contact-centre KPIs on PostgreSQL ({appeals_data.database_name(url)}): preparing the data…", flush=True)
    ensure_database(url)
    prepared = run_child("bench.call_kpi", ["--prepare"], url, 1800)
    if prepared.get("seeded"):
        print(f"  seeded {CALLS:,} calls in {prepared['seconds']} s", flush=True)
    result = run_child("bench.call_kpi", ["--measure"], url, 1800)
    print(
        f"  KPIs of «services» over Q1 2026: {result['calls']:,} calls in the body, {result['queries']} queries "
        f"({result['sql_ms']} ms SQL), query p50 {result['query']['p50_ms']:.1f} ms; API HTTP {result['api_status']}, "
        f"p50 {result['api']['p50_ms']:.1f} ms; {json.dumps(result['kpi'], ensure_ascii=False)}",
        flush=True,
    )
    return [
        Row("KPI query for a line over a quarter, 1 000 000 calls: p95", result["query"]["p95_ms"], "ms", "≤ 200 ms"),
        Row("KPI API call for a line over a quarter, 1 000 000 calls: p95", result["api"]["p95_ms"], "ms", "—"),
    ]


if __name__ == "__main__":
    if "--prepare" in sys.argv[1:]:
        print(json.dumps(prepare()))
    elif "--measure" in sys.argv[1:]:
        print(json.dumps(measure(), default=str))
    else:
        from .table import render

        print(render(rows(), {}))
