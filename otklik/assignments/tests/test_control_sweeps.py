"""The control on a schedule: a missed deadline with its notices and memo, late acceptance, the weekly preventive
digest and the final control for a seeded organisation — each run idempotent (a rerun sends nothing twice)."""

import datetime as dt
import io

import pytest
from docx import Document

from otklik.appeals.models import Appeal
from otklik.appeals.services import appeal_take_on_control
from otklik.assignments.choices import NoticeKind
from otklik.assignments.models import ControlNotice, ControlSettings
from otklik.assignments.services import AssignmentSpec, assignment_report, resolution_create
from otklik.assignments.sweeps import execution_control
from otklik.core.models import AuditEntry

from .conftest import MSK, at, register


def _sweep(year, month, day, hour=11):
    with at(year, month, day, hour):
        return execution_control(dt.datetime(year, month, day, hour, tzinfo=MSK))


def _to(outbox, user):
    return [m for m in outbox if user.email in m["To"]]


@pytest.mark.django_db(transaction=True)
def test_missed_deadline_notifies_the_controller_once_and_the_memo_is_ready(
    organisation, people, appeal, smtp_server, client
):
    deputy, executor, registrar = people["deputy"], people["executor"], people["registrar"]
    with at(2026, 4, 21):
        resolution = resolution_create(
            actor=deputy, organisation=organisation, appeal=appeal, text="Подготовить ответ",
            assignments=[AssignmentSpec(executor=executor, due_date=dt.date(2026, 5, 8))],
        )  # fmt: skip
    assignment = resolution.assignments.get()
    # Friday 8 May is the last day; Monday 11 May is a day off (9 May moved); nothing is overdue on the 8th.
    assert _sweep(2026, 5, 8)["overdue"] == 0
    report = _sweep(2026, 5, 9)
    assert report["overdue"] == 2  # the controller, and the responsible specialist's list of the day
    overdue = [m for m in smtp_server if "Нарушен" in m["Subject"]]
    assert sorted(m["To"] for m in overdue) == sorted([deputy.email, registrar.email])
    to_controller = _to(overdue, deputy)[0]
    assert "Нарушен срок исполнения поручения" in to_controller["Subject"]
    assert "разберитесь в причине нарушения" in to_controller.get_content()
    to_specialist = _to(overdue, registrar)[0]
    assert "подготовьте служебные записки" in to_specialist["Subject"]
    assert f"Поручение № {assignment.pk} (обращение № {appeal.number})" in to_specialist.get_content()
    assert executor.email not in [m["To"] for m in overdue]
    # Reruns on the same and the following days send nothing again.
    for day in (9, 11, 12):
        assert _sweep(2026, 5, day)["overdue"] == 0
    assert len([m for m in smtp_server if "Нарушен" in m["Subject"]]) == 2
    assert AuditEntry.objects.filter(action="assignment.overdue").count() == 1

    client.force_login(registrar)
    with at(2026, 5, 12):
        page = client.get(f"/staff/assignments/{assignment.pk}/")
        assert "срок исполнения нарушен" in page.content.decode()
        response = client.get(f"/staff/assignments/{assignment.pk}/memo.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "СЛУЖЕБНАЯ ЗАПИСКА" in text and "о нарушении срока исполнения поручения" in text
    assert f"№ {assignment.pk}" in text and "08.05.2026" in text and f"№ {appeal.number}" in text
    assert "недопущение нарушения сроков рассмотрения обращения" in text
    assert "Регистрова" in text  # the responsible specialist who prepares it


@pytest.mark.django_db(transaction=True)
def test_report_left_undecided_is_flagged_to_the_controllers_superior_once(organisation, people, appeal, smtp_server):
    executor, unit_head = people["executor"], people["unit_head"]
    controller = people["executor2"]  # a controller working in the other unit, whose head is the head of the body
    with at(2026, 4, 21):
        resolution = resolution_create(
            actor=people["deputy"], organisation=organisation, appeal=appeal, text="Подготовить ответ",
            assignments=[AssignmentSpec(executor=executor, due_date=dt.date(2026, 5, 15), controller=controller)],
        )  # fmt: skip
    with at(2026, 4, 30):
        report = assignment_report(actor=executor, assignment=resolution.assignments.get(), text="Готово")
    assert report.accept_by == dt.date(2026, 5, 6)
    assert _sweep(2026, 5, 6)["acceptance_late"] == 0
    assert _sweep(2026, 5, 7)["acceptance_late"] == 1
    assert _sweep(2026, 5, 8)["acceptance_late"] == 0
    late = [m for m in smtp_server if "не рассмотрен контролёром в срок" in m["Subject"]]
    assert [m["To"] for m in late] == [people["head"].email]
    assert unit_head.email not in [m["To"] for m in late]


@pytest.fixture
def seeded(organisation, people):
    """Six appeals with executors and units, and one assignment, on dates around the May holidays."""
    deputy, executor, executor2, unit, other = (
        people["deputy"], people["executor"], people["executor2"], people["unit"], people["other_unit"]
    )  # fmt: skip
    plan = [  # (governing date, executor, unit)
        (dt.date(2026, 5, 6), executor, unit),  # overdue by the final control on 15 May
        (dt.date(2026, 5, 13), executor2, other),  # overdue by then
        (dt.date(2026, 5, 14), executor, unit),  # due in the week of 12 May, overdue by 15 May
        (dt.date(2026, 5, 18), executor, unit),  # due in the week of 12 May (digest horizon 12–18)
        (dt.date(2026, 5, 19), executor2, other),  # next week: not in this digest
        (dt.date(2026, 6, 1), executor2, other),  # far away
    ]
    appeals = []
    for index, (due, person, where) in enumerate(plan):
        appeal = register(organisation, day=dt.date(2026, 4, 1 + index), text=f"Обращение {index}")
        with at(2026, 4, 10):
            appeal_take_on_control(actor=deputy, appeal=appeal, executor=person, unit=where)
        Appeal.objects.filter(pk=appeal.pk).update(governing_due_date=due)  # set-up of the scenario's dates
        appeals.append(Appeal.objects.get(pk=appeal.pk))
    with at(2026, 4, 27):
        resolution = resolution_create(
            actor=deputy, organisation=organisation, appeal=appeals[5], text="Запросить сведения",
            assignments=[AssignmentSpec(executor=executor2, due_date=dt.date(2026, 5, 14))],
        )  # fmt: skip
    ControlSettings.objects.create(
        organisation=organisation,
        weekly_digest_weekday=0,
        weekly_digest_hour=9,
        final_control_weekday=4,
        final_control_hour=15,
    )
    return {"appeals": appeals, "assignment": resolution.assignments.get()}


@pytest.mark.django_db(transaction=True)
def test_weekly_digest_goes_out_on_the_first_working_day_of_the_week_once(organisation, people, seeded, smtp_server):
    executor, executor2 = people["executor"], people["executor2"]
    numbers = [a.number for a in seeded["appeals"]]
    smtp_server.clear()
    # Monday 11 May 2026 is a day off (9 May moved): the digest waits for Tuesday 9:00.
    assert _sweep(2026, 5, 11, 10)["weekly_digest"] == 0
    assert _sweep(2026, 5, 12, 8)["weekly_digest"] == 0
    assert _sweep(2026, 5, 12, 9)["weekly_digest"] == 2
    first = _to(smtp_server, executor)
    assert len(first) == 1 and "Предупредительный контроль" in first[0]["Subject"]
    body = first[0].get_content()
    assert numbers[2] in body and numbers[3] in body
    assert numbers[0] not in body and numbers[4] not in body  # overdue already / next week
    second = _to(smtp_server, executor2)[0].get_content()
    assert numbers[1] in second and f"№ {seeded['assignment'].pk}" in second
    assert numbers[4] not in second and f"Обращение {numbers[5]}," not in second  # the assignment names it
    # Later runs in the same week send nothing again.
    for day, hour in ((12, 10), (13, 9), (15, 16)):
        assert _sweep(2026, 5, day, hour)["weekly_digest"] == 0
    assert len([m for m in smtp_server if "Предупредительный" in m["Subject"]]) == 2
    assert ControlNotice.objects.filter(kind=NoticeKind.WEEKLY_DIGEST).count() == 2


@pytest.mark.django_db(transaction=True)
def test_final_control_lists_overdue_work_to_executors_unit_heads_and_the_head_once(
    organisation, people, seeded, smtp_server
):
    numbers = [a.number for a in seeded["appeals"]]
    smtp_server.clear()
    assert _sweep(2026, 5, 15, 14)["final_control"] == 0  # before the hour
    report = _sweep(2026, 5, 15, 15)
    assert report["final_control"] == 4  # two executors, one unit head, the head
    final = [m for m in smtp_server if "Окончательный контроль" in m["Subject"]]
    by_person = {m["To"]: m.get_content() for m in final}
    assert set(by_person) == {
        people["executor"].email, people["executor2"].email, people["unit_head"].email, people["head"].email
    }  # fmt: skip
    mine = by_person[people["executor"].email]
    assert numbers[0] in mine and numbers[2] in mine and numbers[1] not in mine and numbers[3] not in mine
    theirs = by_person[people["executor2"].email]
    assert numbers[1] in theirs and f"№ {seeded['assignment'].pk}" in theirs
    assert f"Обращение {numbers[5]}," not in theirs
    unit = by_person[people["unit_head"].email]
    assert "Отдел лицензирования" in unit and numbers[0] in unit and numbers[2] in unit and numbers[1] not in unit
    head = by_person[people["head"].email]
    assert all(numbers[i] in head for i in (0, 1, 2)) and numbers[3] not in head
    assert "По подразделениям" in head and "Отдел лицензирования: 2" in head and "Отдел контроля: 1" in head
    # A rerun the same day sends nothing; the deputy (no overdue work of their own) got nothing.
    assert _sweep(2026, 5, 15, 17)["final_control"] == 0
    assert len([m for m in smtp_server if "Окончательный контроль" in m["Subject"]]) == 4
    assert [m["Subject"].strip() for m in _to(smtp_server, people["deputy"])] == [
        f"Нарушен срок исполнения поручения № {seeded['assignment'].pk} (срок 14.05.2026)"
    ]


@pytest.mark.django_db
def test_the_sweep_command_runs_the_execution_control_with_default_schedule(organisation, people, appeal):
    from otklik.core.sweeps import run_sweeps

    with at(2026, 4, 21):
        resolution_create(
            actor=people["deputy"], organisation=organisation, appeal=appeal, text="Подготовить ответ",
            assignments=[AssignmentSpec(executor=people["executor"], due_date=dt.date(2026, 5, 13))],
        )  # fmt: skip
    # No saved schedule: Monday 9:00 and Friday 15:00. Tuesday 12 May 9:30 is the week's first working day.
    with at(2026, 5, 12, 9):
        runs = {run.name: run for run in run_sweeps(now=dt.datetime(2026, 5, 12, 9, 30, tzinfo=MSK))}
    run = runs["execution-control"]
    assert run.succeeded and run.report == {"overdue": 0, "acceptance_late": 0, "weekly_digest": 1, "final_control": 0}
