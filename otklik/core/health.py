"""Health checks: database, broker and the last sweep, as /health/ reports them."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

from .models import SweepRun


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def database_state() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "vendor": connection.vendor, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def broker_state(*, ask_workers: bool = False) -> dict[str, Any]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager", "detail": "tasks run in the web process (embedded default)"}
    from kombu import Connection

    url = settings.CELERY_BROKER_URL
    state: dict[str, Any] = {"mode": "broker", "url": _redacted(url)}
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        state.update(ok=False, error=type(exc).__name__)
        return state
    state["ok"] = True
    if ask_workers:
        from .tasks import worker_probe

        token = uuid.uuid4().hex
        try:
            answer = worker_probe.delay(token).get(timeout=5)
            state["worker"] = answer["worker"] if answer.get("token") == token else None
        except Exception as exc:
            state["worker"] = None
            state["worker_error"] = type(exc).__name__
    return state


def last_sweep() -> dict[str, Any] | None:
    run = SweepRun.objects.order_by("-started_at", "-id").first()
    if run is None:
        return None
    return {"name": run.name, "started_at": run.started_at.isoformat(), "succeeded": run.succeeded}


def health_report(*, ask_workers: bool = False) -> dict[str, Any]:
    database = database_state()
    broker = broker_state(ask_workers=ask_workers)
    report: dict[str, Any] = {
        "status": "ok" if database["ok"] and broker["ok"] else "fail",
        "database": database,
        "broker": broker,
    }
    if database["ok"]:
        report["last_sweep"] = last_sweep()
    return report
