"""Benchmark rows for execution control on PostgreSQL: the daily control sweep over the bench region
(1 000 000 appeals, 50 000 open) with the weekly digest and the final control both due, the quarterly
analysis, and the sweep's peak traced memory at full volume against a 10 % sample (flat means streaming).

Everything runs in a child process inside one transaction that is rolled back at the end, so the bench
data stays as bench.appeals_data made it. In production each batch of notices commits and its e-mails go to
Celery at once; inside the bench's one transaction they would pile up until the end, so the child hands each
e-mail over immediately (Celery eager, the dummy mail backend) to keep that pile out of the memory figure.
The child seeds
what the bench data lacks: the control schedule (both runs due now), a head and one head per department,
and 5 000 open assignments on open appeals, one in ten past its deadline.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from . import appeals_data
from .table import Row

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = 5_000


def _seed(organisation: Any, now: dt.datetime) -> None:
    from otklik.appeals.models import Appeal
    from otklik.assignments.models import Assignment, ControlSettings, Resolution
    from otklik.orgs.choices import RoleCode
    from otklik.orgs.models import Membership, Role

    local = now.astimezone(organisation.tz)
    ControlSettings.objects.update_or_create(
        organisation=organisation,
        defaults={
            "weekly_digest_weekday": local.weekday(),
            "weekly_digest_hour": 0,
            "final_control_weekday": local.weekday(),
            "final_control_hour": 0,
        },
    )
    memberships = list(
        Membership.objects.filter(organisation=organisation, unit__isnull=False, unit__parent__isnull=True)
        .order_by("unit_id", "pk")
        .distinct("unit_id")
    )
    unit_head = Role.objects.get_or_create(code=RoleCode.UNIT_HEAD)[0]
    head = Role.objects.get_or_create(code=RoleCode.HEAD)[0]
    for membership in memberships:
        membership.roles.add(unit_head)
    if memberships:
        memberships[0].roles.add(head)
    today = local.date()
    appeals = list(
        Appeal.objects.filter(organisation=organisation, status__in=("registered", "in_work"))
        .exclude(executor_id=None)
        .order_by("pk")
        .values_list("pk", "executor_id", "governing_due_date")[:ASSIGNMENTS]
    )
    executor_ids = sorted({row[1] for row in appeals})
    controller = executor_ids[0]
    resolutions = Resolution.objects.bulk_create(
        Resolution(
            organisation=organisation,
            document_kind="appeal",
            appeal_id=pk,
            document_title=f"Обращение {pk}",
            text="Подготовить ответ",
            author_id=controller,
        )
        for pk, _executor, _due in appeals
    )
    Assignment.objects.bulk_create(
        Assignment(
            organisation=organisation,
            resolution=resolution,
            appeal_id=pk,
            text="Подготовить проект ответа",
            executor_id=executor,
            controller_id=controller,
            issued_by_id=controller,
            due_date=today - dt.timedelta(days=3)
            if index % 10 == 0
            else max(today, min(due, today + dt.timedelta(days=10))),
        )
        for index, (resolution, (pk, executor, due)) in enumerate(zip(resolutions, appeals, strict=True))
    )


def _sample_organisation(organisation: Any) -> Any:
    """A second organisation holding every tenth appeal (and its assignments), with the same heads."""
    from django.db import connection

    from otklik.appeals.models import Appeal
    from otklik.assignments.models import Assignment, ControlSettings
    from otklik.orgs.models import Membership, Organisation

    sample = Organisation.objects.create(slug="bench-control-sample", name="Выборка 10 %", short_name="Выборка")
    settings = ControlSettings.objects.get(organisation=organisation)
    settings.pk, settings.organisation = None, sample
    settings.save()
    for membership in Membership.objects.filter(
        organisation=organisation, roles__code__in=("head", "unit_head")
    ).distinct():
        roles = list(membership.roles.all())
        copy = Membership.objects.create(user_id=membership.user_id, organisation=sample, unit_id=membership.unit_id)
        copy.roles.set(roles)
    table = Appeal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET organisation_id = %s WHERE organisation_id = %s AND id %% 10 = 0",  # noqa: S608
            [sample.pk, organisation.pk],
        )
    Assignment.objects.filter(appeal__organisation=sample).update(organisation=sample)
    return sample


def _run(organisation: Any, now: dt.datetime, *, traced: bool) -> tuple[float, dict[str, int], float]:
    from otklik.assignments.sweeps import control_run

    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    report = control_run(organisation, now)
    seconds = time.perf_counter() - started
    peak = 0.0
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return seconds, report, peak


def measure() -> dict[str, Any]:
    """In the child: seed, time the sweep and its rerun, trace its memory, time the analysis; roll back."""
    import django

    django.setup()
    from django.db import transaction

    from otklik.calendars.selectors import calendar_for
    from otklik.notifications import services as notifications
    from otklik.notifications.tasks import send_email
    from otklik.orgs.models import Organisation, User
    from otklik.reports.selectors import quarterly_analysis

    notifications._queue = lambda subject, body, to: send_email.delay(subject, body, to)
    organisation = Organisation.objects.get(slug=appeals_data.ORGANISATION)
    calendar = calendar_for(organisation)
    today = calendar.previous_working_day(dt.datetime.now(organisation.tz).date())
    now = dt.datetime.combine(today, dt.time(16), tzinfo=organisation.tz)
    analyst = User(username="bench-analyst", is_superuser=True, is_active=True)
    result: dict[str, Any] = {}
    with transaction.atomic():
        _seed(organisation, now)
        clean = transaction.savepoint()
        result["sweep_seconds"], result["sweep_report"], _ = _run(organisation, now, traced=False)
        result["rerun_seconds"], result["rerun_report"], _ = _run(organisation, now, traced=False)
        print(json.dumps(result), file=sys.stderr, flush=True)
        transaction.savepoint_rollback(clean)
        _, _, result["peak_full_mib"] = _run(organisation, now, traced=True)
        transaction.savepoint_rollback(clean)
        sample = _sample_organisation(organisation)
        _, result["sample_report"], result["peak_sample_mib"] = _run(sample, now, traced=True)
        transaction.savepoint_rollback(clean)
        last_quarter_end = today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1) - dt.timedelta(days=1)
        year, quarter = last_quarter_end.year, (last_quarter_end.month - 1) // 3 + 1
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            analysis = quarterly_analysis(
                user=analyst, organisation=organisation, year=year, quarter=quarter, today=today
            )
            timings.append(time.perf_counter() - started)
        result["analysis_seconds"] = min(timings)
        result["analysis_total"] = analysis.total
        result["analysis_quarter"] = f"{year} Q{quarter}"
        transaction.set_rollback(True)
    return result


def rows() -> list[Row]:
    url = appeals_data.bench_database_url()
    env = appeals_data_env(url)
    done = subprocess.run(
        [sys.executable, "-m", "bench.control_ops", "--measure"],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=1800,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"bench.control_ops failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"  control sweep: {result['sweep_report']} in {result['sweep_seconds']:.2f} s; rerun {result['rerun_report']} "
        f"in {result['rerun_seconds']:.2f} s; peak traced memory {result['peak_full_mib']:.1f} MiB at full volume, "
        f"{result['peak_sample_mib']:.1f} MiB on a 10 % sample; analysis of {result['analysis_quarter']} "
        f"({result['analysis_total']:,} appeals) {result['analysis_seconds']:.2f} s",
        flush=True,
    )
    return [
        Row("daily control sweep, 1M appeals / 50k open", result["sweep_seconds"], "s", "≤ 5 s"),
        Row("control sweep rerun (sends nothing)", result["rerun_seconds"], "s", "—"),
        # Bounded by one batch (100 assignments) and the list cap (200 lines), not by the number of appeals:
        # the sample stays under one full batch, which is the whole difference.
        Row("control sweep peak traced memory, full volume", result["peak_full_mib"], "MiB", "bounded, < 16 MiB"),
        Row("control sweep peak traced memory, 10 % sample", result["peak_sample_mib"], "MiB", "—"),
        Row("quarterly analysis, 1M appeals", result["analysis_seconds"], "s", "≤ 2 s"),
    ]


def appeals_data_env(url: str) -> dict[str, str]:
    from .appeals_ops import bench_env

    env = bench_env(url)
    env.update(CELERY_TASK_ALWAYS_EAGER="1", EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    env.pop("CELERY_BROKER_URL", None)
    return env


if __name__ == "__main__":
    if "--measure" in sys.argv[1:]:
        print(json.dumps(measure(), default=str))
