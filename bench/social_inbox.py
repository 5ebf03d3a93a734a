"""Benchmark rows for the social-media inbox on PostgreSQL: the inbox page over 100 000 items (p95, SQL queries)
and the timer sweep over 100 000 open items.

The rows use their own database (the bench database's name + `_social`), migrated and seeded once with one body,
its VK channel and operator, and 100 000 open items received over the last fortnight with their warning and due
moments computed on the body's working hours, as intake stores them. Every item whose moment had passed an hour
before the measured run is marked as an earlier sweep would have marked it; the rest (about a hundred that cross a
threshold in the last hour at the seed's time of day, plus 1 000 warnings and 500 breaches left unmarked on purpose)
is the sweep's work. The sweep runs inside a transaction that is rolled back, so every run measures the same
work; a second row times the first sweep ever, marking every passed moment of all 100 000 items at once.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import time
from typing import Any

from . import appeals_data
from .own_database import ensure_database, own_database_url, prepare_once, run_child
from .table import Row

ITEMS = 100_000
SLUG = "bench-social"
OPERATOR = "bench-social-operator"
SEED = 20261201
PAGE_RUNS = 60


def _seeded() -> bool:
    from otklik.channels.models import InboxItem

    return InboxItem.objects.filter(organisation__slug=SLUG).count() == ITEMS


def prepare() -> dict[str, Any]:
    """In the child: migrate the database and seed it unless this data version is there already."""
    return prepare_once(seeded=_seeded, seed=_seed, table="channels_inboxitem")


def _seed() -> None:
    from django.db import transaction
    from django.utils import timezone

    from otklik.channels.hours_selectors import working_time_for
    from otklik.channels.inbox_services import WARN_SHARE
    from otklik.channels.models import ChannelSettings, InboxItem, SocialAccount
    from otklik.orgs.choices import ChannelType, RoleCode
    from otklik.orgs.models import Channel, Membership, Organisation, Role, User

    rng = random.Random(SEED)
    now = timezone.now()
    with transaction.atomic():
        Organisation.objects.filter(slug=SLUG).delete()  # a half-made seed of an interrupted run
        organisation = Organisation.objects.create(
            slug=SLUG, name="Министерство (стенд соцсетей)", short_name="Стенд соцсетей", timezone="Asia/Yekaterinburg"
        )
        ChannelSettings.objects.create(
            organisation=organisation, social_official_response_minutes=120, social_mention_response_minutes=240
        )
        channel = Channel.objects.create(
            organisation=organisation, code="vk", channel_type=ChannelType.SOCIAL, name="ВКонтакте"
        )
        account = SocialAccount.objects.create(
            organisation=organisation,
            channel=channel,
            platform="vk",
            external_id="218375",
            callback_secret_env="OTKLIK_BENCH_VK_SECRET",  # noqa: S106 - the variable's name, not a secret
            confirmation_code="bench",
        )
        people = []
        for n, role in enumerate([RoleCode.SOCIAL_OPERATOR, RoleCode.SOCIAL_OPERATOR, RoleCode.CC_DEPUTY_HEAD]):
            user = User.objects.create_user(
                username=OPERATOR if n == 0 else f"{OPERATOR}-{n}", email=f"social{n}@bench.invalid"
            )
            membership = Membership.objects.create(user=user, organisation=organisation)
            membership.roles.set([Role.objects.get_or_create(code=role)[0]])
            people.append(user)
        hours = working_time_for(organisation, channel)
        batch: list[InboxItem] = []
        for n in range(ITEMS):
            kind = rng.choice(["official", "official", "comment", "mention", "widget"])
            received = now - dt.timedelta(minutes=rng.randint(0, 14 * 24 * 60))
            minutes = 240 if kind == "mention" else 120
            due = hours.add_working_minutes(received, minutes)
            warn = hours.add_working_minutes(received, int(minutes * WARN_SHARE))
            earlier = now - dt.timedelta(hours=1)
            batch.append(
                InboxItem(
                    organisation=organisation,
                    channel=channel,
                    account=account,
                    kind=kind,
                    widget_category="Дороги" if kind == "widget" else "",
                    author_handle=f"id{100000 + n}",
                    received_at=received,
                    text=f"Сообщение № {n}: когда откроют приём заявок на субсидию?",
                    external_id=f"vk:message:{n}",
                    reply_to=f"peer:{100000 + n}",
                    warn_at=warn,
                    due_at=due,
                    warned_at=warn if warn <= earlier and rng.random() > 0.01 else None,
                    breached_at=due if due <= earlier and rng.random() > 0.005 else None,
                )
            )
            if len(batch) == 5_000:
                InboxItem.objects.bulk_create(batch)
                batch = []
        InboxItem.objects.bulk_create(batch)


def measure() -> dict[str, Any]:
    """In the child: the inbox page p95 and queries, then the sweep (rolled back) and the first sweep ever."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from otklik.channels.inbox_services import inbox_timers_sweep
    from otklik.channels.models import InboxItem
    from otklik.orgs.models import User

    with connection.cursor() as cursor:  # the previous run's rolled-back sweeps left dead rows, as autovacuum would
        cursor.execute("VACUUM ANALYZE channels_inboxitem")
    result: dict[str, Any] = {"items": InboxItem.objects.count()}
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=OPERATOR))
    pages = {
        "first page": "/staff/channels/inbox/",
        "mentions": "/staff/channels/inbox/?state=new&kind=mention",
        "page 100": "/staff/channels/inbox/?state=new&page=100",
    }
    for name, path in pages.items():
        client.get(path)  # warm per-process caches
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
        queries = context.captured_queries  # read now: the next request resets the log
        timings = []
        for _ in range(PAGE_RUNS):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        result[name] = {
            "status": response.status_code,
            "queries": len(queries),
            "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
            "p50_ms": statistics.median(timings),
            "p95_ms": statistics.quantiles(timings, n=20)[18],
        }
    now = timezone.now()
    with transaction.atomic():
        started = time.perf_counter()
        result["sweep_report"] = inbox_timers_sweep(now=now)
        result["sweep_seconds"] = time.perf_counter() - started
        started = time.perf_counter()
        result["rerun_report"] = inbox_timers_sweep(now=now)
        result["rerun_seconds"] = time.perf_counter() - started
        transaction.set_rollback(True)
    with transaction.atomic():
        InboxItem.objects.update(warned_at=None, breached_at=None)
        started = time.perf_counter()
        result["first_report"] = inbox_timers_sweep(now=now)
        result["first_seconds"] = time.perf_counter() - started
        transaction.set_rollback(True)
    return result


def rows() -> list[Row]:
    url = own_database_url("social")
    print(f"Social inbox on PostgreSQL ({appeals_data.database_name(url)}): preparing the data…", flush=True)
    ensure_database(url)
    prepared = run_child("bench.social_inbox", ["--prepare"], url, 1800)
    if prepared.get("seeded"):
        print(f"  seeded {ITEMS:,} items in {prepared['seconds']} s", flush=True)
    result = run_child("bench.social_inbox", ["--measure"], url, 1800)
    print(
        f"  inbox: {result['items']:,} items; "
        + "; ".join(
            f"{name}: HTTP {result[name]['status']}, {result[name]['queries']} queries, p50 {result[name]['p50_ms']:.1f} ms"
            for name in ("first page", "mentions", "page 100")
        )
        + f"; sweep {result['sweep_report']} in {result['sweep_seconds']:.2f} s, rerun {result['rerun_report']} "
        f"in {result['rerun_seconds']:.2f} s, first sweep {result['first_report']} in {result['first_seconds']:.2f} s",
        flush=True,
    )
    out = []
    for name in ("first page", "mentions", "page 100"):
        target = "—" if name == "page 100" else "≤ 50 ms"  # a deep page pays for its OFFSET; staff filter instead
        out.append(Row(f"inbox page, 100 000 items: {name} p95", result[name]["p95_ms"], "ms", target))
        out.append(Row(f"inbox page, 100 000 items: {name} queries", result[name]["queries"], "queries", "≤ 10"))
    out.append(Row("timer sweep over 100 000 open items", result["sweep_seconds"], "s", "≤ 2 s"))
    out.append(Row("timer sweep, first run marking every passed moment", result["first_seconds"], "s", "—"))
    return out


if __name__ == "__main__":
    if "--prepare" in sys.argv[1:]:
        print(json.dumps(prepare()))
    elif "--measure" in sys.argv[1:]:
        print(json.dumps(measure(), default=str))
    else:
        from .table import render

        print(render(rows(), {}))
