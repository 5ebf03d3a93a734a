"""Helpers for tests that start real server or worker processes beside the test run."""

from __future__ import annotations

import socket
from urllib.parse import quote

from django.db import connection


def database_url_of_this_test_run() -> str:
    """The test database as another process opens it, so that it sees the rows this test writes."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        if connection.is_in_memory_db():
            raise RuntimeError(
                "The test database is in memory, another process cannot open it: run the tests with "
                "DJANGO_SETTINGS_MODULE=config.settings.test (make test does)."
            )
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
