"""Periodic sweeps run from one registry; a failing sweep is recorded and does not stop the rest."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from otklik.core import sweeps
from otklik.core.models import SweepRun


@pytest.fixture
def isolated_registry(monkeypatch):
    monkeypatch.setattr(sweeps, "_SWEEPS", {})
    return sweeps


@pytest.mark.django_db
def test_sweeps_run_and_are_recorded_even_when_one_fails(isolated_registry, client):
    seen: list[dt.datetime] = []

    @isolated_registry.register_sweep("a-broken")
    def broken(now):
        raise ValueError("boom")

    @isolated_registry.register_sweep("b-counting")
    def counting(now):
        seen.append(now)
        return {"counted": 3}

    runs = isolated_registry.run_sweeps()
    assert [(run.name, run.succeeded) for run in runs] == [("a-broken", False), ("b-counting", True)]
    assert SweepRun.objects.get(name="a-broken").report == {"error": "ValueError: boom"}
    assert SweepRun.objects.get(name="b-counting").report == {"counted": 3}
    assert len(seen) == 1
    assert client.get("/health/").json()["last_sweep"]["name"] in {"a-broken", "b-counting"}


@pytest.mark.django_db
def test_sweep_command_runs_the_registry_once(isolated_registry):
    isolated_registry.register_sweep("only")(lambda now: {"ok": True})
    out = StringIO()
    call_command("sweep", stdout=out)
    assert "only=ok" in out.getvalue()
    assert SweepRun.objects.filter(name="only", succeeded=True).count() == 1
