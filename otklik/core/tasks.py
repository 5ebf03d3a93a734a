"""Celery tasks of the core room: thin wrappers over sweeps and the worker probe."""

import socket

from celery import shared_task

from . import sweeps


# Acknowledged on receipt: a sweep may outlast the broker's visibility timeout, and a lost run is repeated by beat.
@shared_task(name="otklik.core.tasks.run_sweeps", acks_late=False)
def run_sweeps() -> list[dict[str, object]]:
    return [{"name": run.name, "succeeded": run.succeeded} for run in sweeps.run_sweeps()]


@shared_task(name="otklik.core.tasks.worker_probe")
def worker_probe(token: str) -> dict[str, str]:
    """Echo a token with the worker's host name: /health/?workers=1 uses it to see a worker answer."""
    return {"token": token, "worker": socket.gethostname()}
