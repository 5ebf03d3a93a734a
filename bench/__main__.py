"""`python -m bench` (make bench): run every benchmark and print the table."""

from __future__ import annotations

import os
import platform
import sys
import traceback
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()

from . import (  # noqa: E402
    appeals_ops,
    calendar_ops,
    call_import,
    call_kpi,
    control_ops,
    mail_poll,
    social_inbox,
    text_classify,
    text_style,
)
from .appeals_data import postgres_unreachable  # noqa: E402
from .table import load_previous, render, save  # noqa: E402

RESULTS = Path(os.environ.get("OTKLIK_DATA_DIR", "var")) / "bench-last.json"


def main() -> None:
    previous = load_previous(RESULTS)
    print(f"Otklik benchmarks on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})")
    rows = [*calendar_ops.rows(), *text_classify.rows(), *text_style.rows()]
    failed = False
    unreachable = postgres_unreachable()
    if unreachable:
        print(f"PostgreSQL rows (appeals, queue page, status lookup) skipped: {unreachable}")
    else:
        regenerate = "--regenerate" in sys.argv[1:] or os.environ.get("BENCH_REGENERATE", "") not in ("", "0")
        try:
            rows += appeals_ops.rows(regenerate=regenerate)
            rows += control_ops.rows()
            rows += social_inbox.rows()
            rows += mail_poll.rows()
            rows += call_import.rows()
            rows += call_kpi.rows()
        except Exception:
            traceback.print_exc()
            print("The PostgreSQL rows failed (above); the previous results are kept.")
            failed = True
    print(f"Reproduce: {appeals_ops.reproduce()}")
    print(render(rows, previous))
    if failed:
        sys.exit(1)
    save(RESULTS, rows)


if __name__ == "__main__":
    main()
