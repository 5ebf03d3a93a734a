"""Limits hold per installation: production refuses to start without a shared cache, and workers share the counts."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

REDIS_URL = "redis://127.0.0.1:6379/15"


def start_production(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("CACHE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "DATABASE_URL": "postgres://otklik@127.0.0.1:5432/otklik",
            "DJANGO_ALLOWED_HOSTS": "otklik.example.gov.ru",
            **env,
        }
    )
    code = (
        "import django; django.setup(); from django.core.cache import caches; print(type(caches['default']).__name__)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_shared_cache():
    started = start_production()
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr and "CACHE_URL" in started.stderr


def test_production_starts_with_redis_as_the_cache():
    started = start_production(CACHE_URL=REDIS_URL)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "RedisCache"


def redis_up() -> bool:
    return subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(not redis_up(), reason="needs the local Redis")
def test_two_workers_share_one_budget_through_redis():
    """Each gunicorn worker is its own process: with the shared cache the second worker sees the first one's hits."""
    bucket = f"test-shared-{uuid.uuid4().hex}"
    code = (
        "import django; django.setup()\n"
        "from otklik.core.ratelimit import over_limit\n"
        f"print([over_limit({bucket!r}, limit=3, seconds=60) for _ in range(2)])\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "CACHE_URL": REDIS_URL}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=Path(settings.BASE_DIR),
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["[False, False]", "[False, True]"]
