"""`manage.py sweep [--loop]`: run the periodic sweeps (what Celery beat runs in production)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from otklik.core.sweeps import registered_sweeps, run_sweeps


class Command(BaseCommand):
    help = "Run every registered periodic sweep once, or forever with --loop (the embedded default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="repeat every --interval seconds")
        parser.add_argument("--interval", type=int, default=settings.SWEEP_INTERVAL_SECONDS)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            runs = run_sweeps()
            summary = ", ".join(f"{run.name}={'ok' if run.succeeded else 'FAILED'}" for run in runs)
            self.stdout.write(f"sweeps: {summary or 'none registered'} ({len(registered_sweeps())})")
            if not options["loop"]:
                return
            time.sleep(max(1, options["interval"]))
            close_old_connections()  # a long-lived loop must not keep a broken or stale connection
