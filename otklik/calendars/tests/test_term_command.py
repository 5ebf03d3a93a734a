"""`manage.py term`: the end date of a term on stdout, or one line on stderr and exit status 2."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from otklik.calendars.models import CalendarCorrection
from otklik.orgs.choices import TermEndPolicy
from otklik.orgs.tests.factories import OrganisationFactory

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def term(*args: str) -> str:
    out = StringIO()
    call_command("term", *args, stdout=out)
    return out.getvalue()


def term_fails(capsys, *args: str) -> str:
    """Run the command expecting a refusal; returns the stderr text after checking the exit status."""
    capsys.readouterr()  # drop anything printed before
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("term", *args, stdout=out)
    assert exited.value.code == 2
    assert out.getvalue() == ""
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def assert_one_line(err: str) -> None:
    assert err.startswith("term: ")
    assert err.endswith("\n")
    assert err.count("\n") == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "end"),
    [
        # working days across the New Year 2025/2026: 29.12, 30.12, then 12.01
        (["--start", "2025-12-26", "--working-days", "3"], "2026-01-12"),
        (["--start=2025-12-26", "--working-days=10"], "2026-01-21"),
        (["--start", "2025-12-30", "--working-days", "1"], "2026-01-12"),
        (["--start", "2024-04-26", "--working-days", "1"], "2024-04-27"),  # the working Saturday
        (["--start", "2025-04-30", "--working-days", "5"], "2025-05-13"),  # over both May breaks of 2025
        (["--start", "2026-05-08", "--working-days", "1"], "2026-05-12"),  # observed Victory Day 11.05.2026
        (["--start", "2026-03-10", "--working-days", "0"], "2026-03-10"),
        # calendar days with the default policy "preceding"
        (["--start", "2025-12-02", "--days", "30"], "2025-12-30"),  # 01.01.2026 -> 30.12.2025 (31.12 is off)
        (["--start", "2026-02-05", "--days", "30"], "2026-03-06"),  # Sat 07.03.2026 -> Fri 06.03
        (["--start", "2024-10-03", "--days", "30"], "2024-11-02"),  # a working Saturday stays
        (["--start", "2026-03-10", "--days", "30"], "2026-04-09"),
        (["--start", "2026-03-10", "--days", "0"], "2026-03-10"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_prints_the_end_date_and_nothing_else(organisation, args, end):
    assert term("--org", "testorg", *args) == f"{end}\n"


@pytest.mark.django_db
def test_calendar_days_follow_the_organisations_policy(organisation):
    args = ("--org", "testorg", "--start", "2025-12-02", "--days", "30")
    assert organisation.term_end_policy == TermEndPolicy.PRECEDING
    assert term(*args) == "2025-12-30\n"
    organisation.term_end_policy = TermEndPolicy.NEXT
    organisation.save(update_fields=["term_end_policy"])
    assert term(*args) == "2026-01-12\n"
    assert term("--org", "testorg", "--start", "2026-02-05", "--days", "30") == "2026-03-10\n"
    assert term("--org", "testorg", "--start", "2025-04-08", "--days", "30") == "2025-05-12\n"
    # working days do not depend on the policy
    assert term("--org", "testorg", "--start", "2025-12-26", "--working-days", "3") == "2026-01-12\n"


@pytest.mark.django_db
def test_the_organisations_corrections_apply_and_do_not_leak(organisation):
    OrganisationFactory(slug="otherorg")
    CalendarCorrection.objects.create(
        organisation=organisation, date=dt.date(2026, 1, 11), is_working_day=True, reason="Рабочее воскресенье"
    )
    CalendarCorrection.objects.create(
        organisation=organisation, date=dt.date(2026, 4, 21), is_working_day=False, reason="Радоница"
    )
    assert term("--org", "testorg", "--start", "2025-12-26", "--working-days", "3") == "2026-01-11\n"
    assert term("--org", "otherorg", "--start", "2025-12-26", "--working-days", "3") == "2026-01-12\n"
    assert term("--org", "testorg", "--start", "2026-04-20", "--working-days", "1") == "2026-04-22\n"
    assert term("--org", "otherorg", "--start", "2026-04-20", "--working-days", "1") == "2026-04-21\n"
    # 22.03.2026 + 30 = 21.04.2026, a day off here only
    assert term("--org", "testorg", "--start", "2026-03-22", "--days", "30") == "2026-04-20\n"
    assert term("--org", "otherorg", "--start", "2026-03-22", "--days", "30") == "2026-04-21\n"


@pytest.mark.django_db
def test_a_national_correction_applies(organisation):
    CalendarCorrection.objects.create(
        organisation=None, date=dt.date(2026, 4, 21), is_working_day=False, reason="Постановление"
    )
    assert term("--org", "testorg", "--start", "2026-04-20", "--working-days", "1") == "2026-04-22\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nosuchorg", "--start", "2026-01-12", "--days", "30"], "term: unknown organisation: nosuchorg\n"),
        (
            ["--org", "testorg", "--start", "2026-02-30", "--days", "30"],
            "term: bad --start date, expected YYYY-MM-DD: 2026-02-30\n",
        ),
        (
            ["--org", "testorg", "--start", "12.01.2026", "--days", "30"],
            "term: bad --start date, expected YYYY-MM-DD: 12.01.2026\n",
        ),
        (
            ["--org", "testorg", "--start", "2026-01-12", "--days=-5"],
            "term: the term must be between 0 and 3660 days\n",
        ),
        (
            ["--org", "testorg", "--start", "2026-01-12", "--working-days=-1"],
            "term: the term must be between 0 and 3660 days\n",
        ),
        (
            ["--org", "testorg", "--start", "2026-01-12", "--days", "3661"],
            "term: the term must be between 0 and 3660 days\n",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_bad_input_is_one_line_on_stderr_and_status_2(organisation, capsys, args, message):
    assert term_fails(capsys, *args) == message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--org", "testorg", "--start", "2026-01-12", "--days", "30", "--working-days", "3"], "not allowed with"),
        (["--org", "testorg", "--start", "2026-01-12"], "--days"),
        (["--org", "testorg", "--start", "2026-01-12", "--days", "thirty"], "invalid int value"),
        (["--org", "testorg", "--days", "30"], "--start"),
    ],
    ids=["both", "neither", "not-a-number", "no-start"],
)
def test_bad_arguments_are_one_line_on_stderr_and_status_2(organisation, capsys, args, mentions):
    err = term_fails(capsys, *args)
    assert_one_line(err)
    assert mentions in err


@pytest.mark.django_db
def test_an_inactive_organisation_is_unknown(capsys):
    OrganisationFactory(slug="closed", is_active=False)
    assert term_fails(capsys, "--org", "closed", "--start", "2026-01-12", "--days", "30") == (
        "term: unknown organisation: closed\n"
    )


def test_the_real_command_exits_with_status_2_on_bad_arguments():
    """Through manage.py as a process: argument errors are refused before any database is touched."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "term", "--org", "testorg", "--start", "2026-01-12"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert_one_line(result.stderr)
    assert "--days" in result.stderr
