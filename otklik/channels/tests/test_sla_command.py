"""`manage.py sla_due`: the due moment with the body's offset on stdout, or one Russian line on stderr, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from otklik.channels.services import ChannelSettingsValues, channel_settings_update
from otklik.core.tests.processes import database_url_of_this_test_run
from otklik.orgs.tests.factories import OrganisationFactory

PROJECT_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def bodies(db):
    """Sverdlovsk-like (+05:00) and Dagestan-like (Moscow) bodies with the acts' times; a Khabarovsk-like one without."""
    for slug, tz in (("sverdlovsk", "Asia/Yekaterinburg"), ("dagestan", "Europe/Moscow")):
        channel_settings_update(
            actor=None,
            organisation=OrganisationFactory(slug=slug, timezone=tz),
            values=ChannelSettingsValues(social_official_response_minutes=120, social_mention_response_minutes=240),
        )
    OrganisationFactory(slug="khabarovsk", timezone="Asia/Vladivostok")


def sla_due(*args: str) -> str:
    out = StringIO()
    call_command("sla_due", *args, stdout=out)
    return out.getvalue()


def sla_due_fails(capsys, *args: str) -> str:
    capsys.readouterr()
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("sla_due", *args, stdout=out)
    assert exited.value.code == 2
    assert out.getvalue() == ""
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("sla_due: ") and captured.err.count("\n") == 1
    return captured.err


@pytest.mark.parametrize(
    ("org", "kind", "received", "due"),
    [
        ("sverdlovsk", "official", "2026-03-02T12:00", "2026-03-02T15:00:00+05:00"),  # the example
        ("sverdlovsk", "comment", "2026-03-02T10:00:00+03:00", "2026-03-02T15:00:00+05:00"),
        ("sverdlovsk", "mention", "2026-03-02T12:00:00+05:00", "2026-03-02T17:00:00+05:00"),
        ("sverdlovsk", "mention", "2026-02-27T16:00", "2026-03-02T11:00:00+05:00"),  # over the weekend
        ("sverdlovsk", "official", "2026-02-28T10:00", "2026-03-02T11:00:00+05:00"),  # received on Saturday
        ("sverdlovsk", "official", "2026-11-03T16:00", "2026-11-05T10:00:00+05:00"),  # 03.11 ends at 17:00
        ("sverdlovsk", "mention", "2025-12-30T16:00", "2026-01-12T11:00:00+05:00"),  # New Year through 11.01
        ("sverdlovsk", "official", "2026-01-09T10:00", "2026-01-12T11:00:00+05:00"),  # transferred day off
        ("sverdlovsk", "official", "2026-12-30T17:00", "2027-01-11T10:00:00+05:00"),  # 31.12.2026 is off
        ("sverdlovsk", "comment", "2026-03-02T13:20", "2026-03-02T16:00:00+05:00"),  # received in the break
        ("sverdlovsk", "official", "2026-03-02T20:00Z", "2026-03-03T11:00:00+05:00"),  # 01:00 local next day
        ("dagestan", "official", "2026-05-08T16:30", "2026-05-12T10:30:00+03:00"),  # 08.05 shortened, 11.05 off
        ("dagestan", "mention", "2026-04-30T15:00", "2026-05-04T11:00:00+03:00"),  # 30.04 shortened, 01.05 off
        ("dagestan", "official", "2026-03-02T12:00:00+05:00", "2026-03-02T12:00:00+03:00"),
    ],
)
def test_prints_only_the_due_moment(bodies, org, kind, received, due):
    assert sla_due("--org", org, "--kind", kind, "--received", received) == due + "\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nowhere", "--kind", "official", "--received", "2026-03-02T10:00"], "нет организации «nowhere»"),
        (["--org", "sverdlovsk", "--kind", "repost", "--received", "2026-03-02T10:00"], "неизвестный вид сообщения"),
        (["--org", "sverdlovsk", "--kind", "official", "--received", "02.03.2026 10:00"], "не удалось прочитать"),
        (["--org", "sverdlovsk", "--kind", "official", "--received", "2026-02-30T10:00"], "не удалось прочитать"),
        (["--org", "sverdlovsk", "--kind", "official", "--received", "0001-01-01T00:00"], "вне производственного"),
        (["--org", "sverdlovsk", "--kind", "official"], "не указан --received"),
        (["--org", "sverdlovsk", "--kind", "official", "--received", "2026-03-02", "--x"], "неверные аргументы"),
        (
            ["--org", "khabarovsk", "--kind", "mention", "--received", "2026-03-02T10:00"],
            "актами организации «khabarovsk» срок ответа на «Упоминание» не установлен",
        ),
    ],
)
def test_bad_input_gets_one_russian_line_and_status_2(bodies, capsys, args, message):
    assert message in sla_due_fails(capsys, *args)


@pytest.mark.django_db(transaction=True)
def test_the_real_command_through_manage_py(bodies):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_of_this_test_run(),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", "sla_due", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    done = run("--org", "sverdlovsk", "--kind", "official", "--received", "2026-03-02T12:00")
    assert (done.returncode, done.stdout, done.stderr) == (0, "2026-03-02T15:00:00+05:00\n", "")
    refused = run("--org", "khabarovsk", "--kind", "official", "--received", "2026-03-02T12:00")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "sla_due: актами организации «khabarovsk» срок ответа на «Официальное обращение» не установлен\n"
    )
