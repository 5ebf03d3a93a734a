"""Benchmark rows for appeals on PostgreSQL: API registrations, the staff queue page, the public status lookup.

The application runs under gunicorn (2 sync workers) against the bench database made by bench.appeals_data;
the load comes from bench.load over loopback, on the same cores as the server. SQL queries per queue page are
counted in a child process with Django's test client against the same database.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from . import appeals_data, load
from .table import Row

ROOT = Path(__file__).resolve().parent.parent
API_CLIENTS = appeals_data.API_CLIENTS
READ_CLIENTS = 2  # one per gunicorn worker: the server is kept busy without queueing requests behind each other
WORKERS = 2
BROKER_URL = "redis://127.0.0.1:6379/13"
# The load comes from one address: the per-address limits of anonymous clients (60/min) and of the status
# lookup (600/min) would answer nearly everything with 429, so the bench server lifts them (the throttle
# code still runs on every request). The per-user limit of the registrars stays as configured.
SERVER_ENV = {"API_THROTTLE_ANON": "1000000/min", "API_THROTTLE_STATUS": "1000000/min"}
REPRODUCE = (
    "make bench  (PostgreSQL rows: BENCH_DATABASE_URL={url}, Celery broker {broker}, OTKLIK_DEMO_PASSWORD; "
    "server: gunicorn --workers {workers} with {lifted} (one client address); "
    "BENCH_REGENERATE=1 or `python -m bench --regenerate` rebuilds the data)"
)


def queue_pages(surname: str) -> list[tuple[str, str]]:
    return [
        ("unfiltered", "/staff/appeals/"),
        ("overdue", "/staff/appeals/?" + urlencode({"overdue": "on"})),
        ("due within 7 days", "/staff/appeals/?" + urlencode({"due_within_days": 7})),
        ("section 0003", "/staff/appeals/?" + urlencode({"section": "0003"})),
        ("rare section 0005", "/staff/appeals/?" + urlencode({"section": "0005"})),
        ("author surname", "/staff/appeals/?" + urlencode({"q": surname})),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Request sources (built inside the client processes).

_rng: random.Random | None = None


def _client_rng(client: int) -> random.Random:
    global _rng
    if _rng is None:
        _rng = random.Random(f"{os.getpid()}-{client}")
    return _rng


@dataclass(frozen=True)
class Registrations:
    """POST /api/v1/appeals/: each client its own registrar token; half the authors wrote before."""

    tokens: list[str]
    organization: str
    codes: list[str]
    authors: list[dict[str, str]]

    def __call__(self, client: int, n: int) -> load.Call:
        rng = _client_rng(client)
        if self.authors and rng.random() < 0.5:
            known = rng.choice(self.authors)
            author = {k: known[k] for k in ("last_name", "first_name", "middle_name", "email")}
        else:
            female = rng.random() < 0.55
            surname = rng.choice(appeals_data.SURNAMES)
            author = {
                "last_name": appeals_data._feminine(surname) if female else surname,
                "first_name": rng.choice(appeals_data.FEMALE_NAMES if female else appeals_data.MALE_NAMES),
                "email": f"bench-{uuid.uuid4().hex[:12]}@example.org",
                "postal_address": f"620000, г. Екатеринбург, ул. Мира, д. {rng.randrange(1, 99)}",
            }
        body: dict[str, Any] = {
            "organization": self.organization,
            "kind": "request" if rng.random() < 0.1 else "appeal",
            "channel": rng.choice(("api", "api", "epgu", "pos", "email")),
            "author": author,
            "text": " ".join(rng.sample(appeals_data.SENTENCES, rng.randrange(2, 6))),
            "submission_key": uuid.uuid4().hex,
        }
        if self.codes:
            body["questions"] = [
                {"classifier_code": code, "summary": "Вопрос из обращения"}
                for code in rng.sample(self.codes, rng.choice((1, 1, 2)))
            ]
        return load.Call(
            "POST",
            "/api/v1/appeals/",
            json.dumps(body, ensure_ascii=False).encode(),
            {"Content-Type": "application/json", "Authorization": f"Token {self.tokens[client % len(self.tokens)]}"},
        )


@dataclass(frozen=True)
class Pages:
    paths: list[str]
    cookie: str

    def __call__(self, client: int, n: int) -> load.Call:
        return load.Call("GET", self.paths[(client + n) % len(self.paths)], None, {"Cookie": self.cookie})


@dataclass(frozen=True)
class StatusLookups:
    known: list[dict[str, str]]

    def __call__(self, client: int, n: int) -> load.Call:
        item = self.known[(client * 7919 + n) % len(self.known)]
        return load.Call(
            "POST",
            "/api/v1/status/",
            json.dumps(item, ensure_ascii=False).encode(),
            {"Content-Type": "application/json"},
        )


# ---------------------------------------------------------------------------------------------------------------
# The server.


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "CACHE_URL")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_TASK_ALWAYS_EAGER="0",
        LOG_LEVEL="WARNING",
    )
    return env


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def workers(self) -> list[int]:
        return load.children_of(self.process.pid)

    def cpu_seconds(self) -> float:
        master = load.process_cpu_seconds(self.process.pid, reaped_children=True)
        return master + sum(load.process_cpu_seconds(pid) for pid in self.workers())


@contextmanager
def gunicorn(url: str, log: Path) -> Iterator[Server]:
    port = _free_port()
    env = bench_env(url)
    env.update(SERVER_ENV)
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(process, port, log)
    try:
        _wait_healthy(server)
        yield server
    finally:
        _stop(process)


def _wait_healthy(server: Server, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.process.returncode}):\n{_tail(server.log)}")
        try:
            status, body, _ = _request(server.port, "GET", "/health/")
            if status == 200:
                return
            last = f"{status} {body[:300]!r}"
        except OSError as exc:
            last = repr(exc)
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn not healthy after {timeout:.0f} s: {last}\n{_tail(server.log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # our own process group (start_new_session)
            process.wait(timeout=5)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _request(
    port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes, http.client.HTTPMessage]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def login(port: int, username: str, password: str) -> str:
    """A staff session through the real login form (CSRF cookie and token); returns the Cookie header."""
    status, _, headers = _request(port, "GET", "/accounts/login/")
    cookies: SimpleCookie = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if status != 200 or "csrftoken" not in cookies:
        raise RuntimeError(f"login page answered {status} without a CSRF cookie")
    csrf = cookies["csrftoken"].value
    form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": csrf}).encode()
    status, body, headers = _request(
        port,
        "POST",
        "/accounts/login/",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
    )
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"login as {username} failed: {status} {body[:200]!r}")
    return f"csrftoken={cookies['csrftoken'].value}; sessionid={cookies['sessionid'].value}"


# ---------------------------------------------------------------------------------------------------------------
# SQL queries per queue page, in a child process on the bench database (`python -m bench.appeals_ops --count-queries`).


def count_queries(surname: str) -> dict[str, dict[str, Any]]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from otklik.orgs.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=f"{appeals_data.ORGANISATION}-registrar"))
    counts: dict[str, dict[str, Any]] = {}
    for name, path in queue_pages(surname):
        client.get(path)  # the first request fills per-process caches (content types, translations)
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
        slowest = max(context.captured_queries, key=lambda q: float(q["time"]), default={"time": "0", "sql": ""})
        counts[name] = {
            "status": response.status_code,
            "queries": len(context.captured_queries),
            "sql_ms": round(sum(float(q["time"]) for q in context.captured_queries) * 1000, 1),
            "slowest_ms": round(float(slowest["time"]) * 1000, 1),
            "slowest_sql": str(slowest["sql"])[:400],
        }
    return counts


def _child(args: list[str], url: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=bench_env(url),
        text=True,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


# ---------------------------------------------------------------------------------------------------------------
# The rows.


def _broker() -> Any:
    import redis

    return redis.Redis.from_url(BROKER_URL, socket_timeout=5)


def _new_appeals(url: str, since_id: int) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM appeals_appeal WHERE id > %s", (since_id,)).fetchone()
    return int(row[0]) if row else 0


def _max_appeal_id(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT coalesce(max(id), 0) FROM appeals_appeal").fetchone()
    return int(row[0]) if row else 0


def rows(*, regenerate: bool = False) -> list[Row]:
    url = appeals_data.bench_database_url()
    started = time.perf_counter()
    print(f"Appeals on PostgreSQL ({appeals_data.database_name(url)}): preparing the data…", flush=True)
    prepare = subprocess.run(
        [sys.executable, "-m", "bench.appeals_data", *(["--regenerate"] if regenerate else [])],
        cwd=ROOT,
        env=bench_env(url),
        timeout=3600,
        check=False,
    )
    if prepare.returncode:
        raise RuntimeError(f"bench.appeals_data failed with exit code {prepare.returncode}")
    info = json.loads(appeals_data.info_path().read_text(encoding="utf-8"))
    generation = (
        f"generated in {info['generation_seconds']:.0f} s"
        if info["generated"]
        else f"reused (generated on {info['generated_on']} in {info['generation_seconds']:.0f} s)"
    )
    print(
        f"  data: {info['appeals']:,} appeals ({info['open']:,} open), database {info['database_bytes'] / 2**30:.2f} GiB, "
        f"{generation}; ready in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    counted = _child(["-m", "bench.appeals_ops", "--count-queries", info["surname"]], url, timeout=600)
    query_counts: dict[str, dict[str, Any]] = {}
    if counted.returncode == 0:
        query_counts = json.loads(counted.stdout.strip().splitlines()[-1])
    else:
        print(f"  SQL query count failed:\n{counted.stderr[-2000:]}", flush=True)

    results: dict[str, load.Result] = {}
    skipped: list[str] = []
    log = appeals_data.data_dir() / "bench-gunicorn.log"
    broker = _broker()
    broker.flushdb()  # db 13 is the bench's own: no worker reads it, nothing else writes it
    queued = registered = 0
    try:
        with gunicorn(url, log) as server:
            probes = {
                "gunicorn": server.cpu_seconds,
                "postgres": load.postgres_cpu_seconds,
                "whole machine": load.machine_cpu_seconds,
            }
            print(
                f"  gunicorn: {WORKERS} sync workers on 127.0.0.1:{server.port}; the load generator runs on the same "
                f"{os.cpu_count()} cores (CPU use below, in cores)",
                flush=True,
            )
            # Reads first, so the registrations of this run do not change what the pages show.
            known = json.loads(Path(info["codes_file"]).read_text(encoding="utf-8"))
            status, body, _ = _request(
                server.port,
                "POST",
                "/api/v1/status/",
                json.dumps(known[0], ensure_ascii=False).encode(),
                {"Content-Type": "application/json"},
            )
            if status == 200:
                plan = load.Plan("127.0.0.1", server.port, READ_CLIENTS, warmup_s=5, duration_s=20, max_requests=40_000)
                results["status"] = load.run(plan, StatusLookups(known), probes=probes)
                print(f"  status lookup: {results['status'].summary()}", flush=True)
            else:
                skipped.append(f"status lookup: POST /api/v1/status/ answered {status} {body[:200]!r}")

            cookie = login(server.port, f"{appeals_data.ORGANISATION}-registrar", appeals_data.demo_password())
            for name, path in queue_pages(info["surname"]):
                status, body, _ = _request(server.port, "GET", path, headers={"Cookie": cookie})
                if status != 200:
                    skipped.append(f"queue page {name}: GET {path} answered {status}")
                    continue
                plan = load.Plan(
                    "127.0.0.1", server.port, READ_CLIENTS, warmup_s=5, duration_s=20, max_requests=20_000, timeout_s=60
                )
                results[name] = load.run(plan, Pages([path], cookie), probes=probes)
                print(f"  queue page, {name}: {results[name].summary()}", flush=True)

            since = _max_appeal_id(url)
            plan = load.Plan("127.0.0.1", server.port, API_CLIENTS, warmup_s=10, duration_s=20, max_requests=30_000)
            source = Registrations(info["tokens"], info["organization"], info["classifier_codes"], info["authors"])
            results["registrations"] = load.run(plan, source, expect=(201,), probes=probes)
            print(f"  API registrations: {results['registrations'].summary()}", flush=True)
            registered = _new_appeals(url, since)
            queued = int(broker.llen("celery"))
    finally:
        broker.flushdb()  # the acknowledgements queued by this run are never sent
    print(
        f"  acknowledgements queued in Redis: {queued:,} for {registered:,} registrations in this run "
        "(the e-mail is a Celery task, not sent by the web process)",
        flush=True,
    )
    for line in skipped:
        print(f"  skipped: {line}", flush=True)
    for result_name, result in results.items():
        for sample in result.error_samples:
            print(f"  error sample ({result_name}): {sample}", flush=True)
    for name, counts in query_counts.items():
        print(
            f"  SQL on the queue page, {name}: {counts['queries']} queries, {counts['sql_ms']} ms in SQL "
            f"(slowest {counts['slowest_ms']} ms), HTTP {counts['status']}",
            flush=True,
        )
    return _rows(results, query_counts, info)


def _rows(results: dict[str, load.Result], query_counts: dict[str, dict[str, Any]], info: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    if registrations := results.get("registrations"):
        label = f"appeals: API registrations ({registrations.clients} clients)"
        out += [
            Row(label, registrations.throughput, "appeals/s", "≥ 600/s"),
            Row(f"{label} p50", registrations.p50_ms, "ms", "—"),
            Row(f"{label} p95", registrations.p95_ms, "ms", "—"),
            Row(f"{label} p99", registrations.p99_ms, "ms", "≤ 50 ms"),
        ]
    for name, _path in queue_pages(info["surname"]):
        if page := results.get(name):
            out.append(
                Row(
                    f"queue page, {info['appeals']:,} appeals: {name} p95 ({page.clients} clients)",
                    page.p95_ms,
                    "ms",
                    "≤ 50 ms",
                )
            )
    pages_ok = [c["queries"] for c in query_counts.values() if c["status"] == 200]
    if pages_ok:
        out.append(Row("queue page: SQL queries (max over the filters)", max(pages_ok), "queries", "≤ 10"))
    if lookup := results.get("status"):
        out.append(Row(f"status lookup: p95 ({lookup.clients} clients)", lookup.p95_ms, "ms", "≤ 10 ms"))
        # Not a target: the ceiling of this server for a request with one indexed read, beside the registrations.
        out.append(Row(f"status lookup: throughput ({lookup.clients} clients)", lookup.throughput, "lookups/s", "—"))
    return out


def reproduce() -> str:
    lifted = ", ".join(f"{k}={v}" for k, v in SERVER_ENV.items())
    return REPRODUCE.format(url=appeals_data.bench_database_url(), broker=BROKER_URL, workers=WORKERS, lifted=lifted)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--count-queries"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
        print(json.dumps(count_queries(sys.argv[2]), ensure_ascii=False))
    else:
        raise SystemExit("usage: python -m bench.appeals_ops --count-queries SURNAME (or run: python -m bench)")
