"""Periodic sweeps: one registry that Celery beat (production) and `manage.py sweep` (embedded) both run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone

from .models import SweepRun

logger = logging.getLogger(__name__)

SweepFunction = Callable[[datetime], dict[str, Any]]
_SWEEPS: dict[str, SweepFunction] = {}


def register_sweep(name: str) -> Callable[[SweepFunction], SweepFunction]:
    """Decorator for a function `(now) -> report` that an app wants run periodically."""

    def decorator(func: SweepFunction) -> SweepFunction:
        _SWEEPS[name] = func
        return func

    return decorator


def registered_sweeps() -> dict[str, SweepFunction]:
    return dict(_SWEEPS)


def run_sweeps(*, now: datetime | None = None) -> list[SweepRun]:
    """Run every registered sweep once; a failing sweep is recorded and does not stop the others."""
    runs = []
    for name, func in sorted(_SWEEPS.items()):
        run = SweepRun.objects.create(name=name, started_at=timezone.now())
        try:
            report = func(now or timezone.now())
        except Exception as exc:
            logger.exception("sweep %s failed", name)
            run.report = {"error": f"{type(exc).__name__}: {exc}"}
        else:
            run.succeeded = True
            run.report = report
        run.finished_at = timezone.now()
        run.save(update_fields=["report", "succeeded", "finished_at"])
        runs.append(run)
    return runs
