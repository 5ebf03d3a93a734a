"""/health/ tells a load balancer whether the database and the broker answer."""

import pytest


@pytest.mark.django_db
def test_health_reports_database_and_eager_broker(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"] == {
        "ok": True,
        "mode": "eager",
        "detail": "tasks run in the web process (embedded default)",
    }
    assert body["last_sweep"] is None


@pytest.mark.django_db
def test_health_fails_with_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://:secret@127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    broker = response.json()["broker"]
    assert broker["ok"] is False
    assert broker["url"] == "redis://127.0.0.1:1/0"  # the password never leaks into the report


@pytest.mark.django_db
def test_health_sees_the_real_local_redis(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["broker"]["ok"] is True
