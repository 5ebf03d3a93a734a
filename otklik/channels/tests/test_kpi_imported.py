"""A real-shaped CSV export and an Asterisk queue_log, loaded by `import_calls`, give the hand-calculated KPIs."""

import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .calls_factories import call_body, cc_operator
from .test_calls_import import HEADER, QUEUE_LOG

pytestmark = pytest.mark.django_db

# Monday 2 March 2026 on the Khabarovsk «services» line (Vladivostok time, +10:00), one call per row:
CSV = "\n".join(
    [
        HEADER,
        # answered: wait 30, talk 240, wrap 60, hold 0, resolved, asked and satisfied
        "k-1,2026-03-02T10:00:00+10:00,services,ivanova,in,30,240,60,0,0,answered,1,yes,",
        # answered after 400 s (over 300), three transfers (over two), not resolved, asked and not satisfied
        "k-2,2026-03-02T10:05:00+10:00,services,petrova,in,400,300,30,20,3,answered,0,no,",
        # answered, not asked
        "k-3,2026-03-02T11:00:00+10:00,services,ivanova,in,50,200,40,10,1,answered,1,,",
        # three lost calls on the same day: 3 > 2 → one breach day
        "k-4,2026-03-02T12:00:00+10:00,services,,in,95,0,0,0,0,lost,,,",
        "k-5,2026-03-02T12:10:00+10:00,services,,in,15,0,0,0,0,lost,,,",
        "k-6,2026-03-02T12:20:00+10:00,services,,in,20,0,0,0,0,lost,,,",
        # one lost call on Tuesday: within the norm
        "k-7,2026-03-03T09:00:00+10:00,services,,in,60,0,0,0,0,lost,,,",
        # outgoing: not counted
        "k-8,2026-03-02T13:00:00+10:00,services,ivanova,out,0,900,0,0,0,answered,1,,",
    ]
)


@pytest.fixture
def body():
    organisation = call_body()
    cc_operator(organisation, "ivanova", last_name="Иванова", first_name="Мария")
    cc_operator(organisation, "petrova", last_name="Петрова", first_name="Анна")
    return organisation


def _load(body, tmp_path, content: str, file_format: str) -> str:
    path = tmp_path / "calls.txt"
    path.write_text(content, encoding="utf-8")
    out = io.StringIO()
    call_command("import_calls", "--org", body.slug, "--format", file_format, str(path), stdout=out)
    return out.getvalue()


def _kpi(body, **params):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=member(body, RoleCode.CC_DEPUTY_HEAD)).key}"
    )
    query = {"organization": body.slug, "line": "services", "from": "2026-03-01", "to": "2026-03-31", **params}
    response = client.get("/api/v1/contact-centre/kpi/", query)
    assert response.status_code == 200
    return response.json()


def test_a_csv_export_gives_the_hand_calculation(body, tmp_path):
    assert "imported 8" in _load(body, tmp_path, CSV, "csv")
    assert _kpi(body) == {
        "calls": 7,
        "answered": 3,
        "lost": 4,
        "avg_wait_seconds": 160.0,  # (30 + 400 + 50) / 3
        "max_wait_seconds": 400,
        "waits_over_threshold": 1,
        "first_contact_resolution_percent": 66.7,  # 2 / 3
        "transfer_coefficient": 1.3,  # 4 / 3
        "calls_over_two_transfers": 1,
        "lost_breach_days": 1,
        "avg_handling_seconds": 460.0,  # (330 + 750 + 300) / 3 = 1380 / 3
        "avg_talk_seconds": 246.7,  # 740 / 3
        "satisfaction_asked_percent": 66.7,  # 2 / 3
        "satisfied_percent": 50.0,  # 1 / 2
        "breaches": [
            "queue_wait_max_seconds",
            "first_contact_resolution_min_percent",
            "transfers_max",
            "lost_calls_max_per_day",
            "avg_handling_max_seconds",
        ],
    }
    # a rerun of the same file changes nothing
    _load(body, tmp_path, CSV, "csv")
    assert _kpi(body)["calls"] == 7
    # the «appeals» line sets only the talk time (App. 1 §5.7): its other figures never breach
    assert _kpi(body, line="appeals")["breaches"] == []


def test_an_asterisk_queue_log_gives_the_hand_calculation(body, tmp_path):
    assert "imported 4" in _load(body, tmp_path, QUEUE_LOG, "asterisk-queue-log")
    # services: answered 1772409700.11 (wait 45, talk 300) and 1772410000.41 (wait 10, talk 90, one transfer);
    # lost 1772409800.21 (waited 120); the queue_log says nothing of resolution or satisfaction
    assert _kpi(body) == {
        "calls": 3,
        "answered": 2,
        "lost": 1,
        "avg_wait_seconds": 27.5,
        "max_wait_seconds": 45,
        "waits_over_threshold": 0,
        "first_contact_resolution_percent": 0.0,
        "transfer_coefficient": 0.5,
        "calls_over_two_transfers": 0,
        "lost_breach_days": 0,
        "avg_handling_seconds": 222.5,  # (45 + 300 + 10 + 90) / 2
        "avg_talk_seconds": 195.0,
        "satisfaction_asked_percent": 0.0,
        "satisfied_percent": None,
        "breaches": ["first_contact_resolution_min_percent"],
    }
    appeals = _kpi(body, line="appeals")
    assert (appeals["calls"], appeals["lost"], appeals["breaches"]) == (1, 1, [])
