"""A bench row's own PostgreSQL database beside the appeals one, and its measurements run in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import appeals_data

ROOT = Path(__file__).resolve().parent.parent


def own_database_url(suffix: str) -> str:
    """The bench database's URL with `suffix` added to its name (e.g. `otklik_bench_social`)."""
    url = appeals_data.bench_database_url()
    return appeals_data._with_database(url, f"{appeals_data.database_name(url)}_{suffix}")


def ensure_database(url: str) -> None:
    """Create the database if it is not there yet (its tables come from the child's `migrate`)."""
    import psycopg
    from psycopg import sql

    name = appeals_data.database_name(url)
    with psycopg.connect(appeals_data._with_database(url, "postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_child(module: str, args: list[str], url: str, timeout: float) -> dict[str, Any]:
    """Run `python -m module args` on that database; its last stdout line is the JSON result."""
    from .control_ops import appeals_data_env

    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=appeals_data_env(url),
        text=True,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    loaded: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def prepare_once(*, seeded: Callable[[], bool], seed: Callable[[], None], table: str) -> dict[str, Any]:
    """In the child: migrate, then seed unless this data version is there already, and analyse the table."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    if seeded():
        return {"seeded": False}
    started = time.perf_counter()
    seed()
    with connection.cursor() as cursor:  # as autovacuum would soon after: statistics and the visibility map
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"seeded": True, "seconds": round(time.perf_counter() - started, 1)}
