"""`python -m bench` (make bench): run every benchmark and print the table."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()

from . import calendar_ops  # noqa: E402
from .table import load_previous, render, save  # noqa: E402

RESULTS = Path(os.environ.get("OTKLIK_DATA_DIR", "var")) / "bench-last.json"


def main() -> None:
    previous = load_previous(RESULTS)
    rows = [*calendar_ops.rows()]
    print(f"Otklik benchmarks on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})")
    print("Reproduce: make bench")
    print(render(rows, previous))
    save(RESULTS, rows)


if __name__ == "__main__":
    main()
