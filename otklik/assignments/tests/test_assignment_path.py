"""An appeal walked through a resolution, a rejected report, a new deadline, an accepted report and closing,
with a frozen clock around the May holidays of 2026 and e-mails received by a real SMTP server."""

import datetime as dt

import pytest

from otklik.appeals.choices import AnswerOutcome, AppealStatus
from otklik.appeals.services import (
    answer_approve,
    answer_draft,
    answer_send,
    answer_sign,
    appeal_close,
    appeal_take_on_control,
    question_result_set,
)
from otklik.assignments.choices import AssignmentStatus, NoticeKind, ReportDecision
from otklik.assignments.models import Assignment, AssignmentReport, ControlNotice, Resolution
from otklik.assignments.selectors import my_tasks
from otklik.assignments.services import (
    AssignmentSpec,
    assignment_report,
    report_accept,
    report_reject,
    resolution_create,
)
from otklik.core.errors import ApplicationError, PermissionDeniedError

from .conftest import at


def _subjects(outbox, to):
    return [m["Subject"] for m in outbox if to in m["To"]]


@pytest.mark.django_db(transaction=True)
def test_resolution_rejected_report_new_deadline_accepted_report_and_closing(organisation, people, appeal, smtp_server):
    deputy, executor, executor2 = people["deputy"], people["executor"], people["executor2"]
    assert appeal.governing_due_date == dt.date(2026, 5, 20)
    with at(2026, 4, 21):
        appeal_take_on_control(actor=deputy, appeal=appeal, executor=executor)
        resolution = resolution_create(
            actor=deputy,
            organisation=organisation,
            appeal=appeal,
            text="Подготовить ответ заявителю с разъяснением порядка продления лицензии.",
            assignments=[AssignmentSpec(executor=executor, co_executors=[executor2], due_date=dt.date(2026, 5, 8))],
        )
    assignment = resolution.assignments.get()
    # The first-named deputy head controls by default (003 §11.5.1).
    assert assignment.controller == deputy and assignment.status == AssignmentStatus.ISSUED
    assert "Новое поручение" in " ".join(_subjects(smtp_server, executor.email))
    assert "Новое поручение" in " ".join(_subjects(smtp_server, executor2.email))
    assert ControlNotice.objects.filter(recipient=executor, kind=NoticeKind.ISSUED).count() == 1

    # Reported on Thursday 30 April: 1–3 May and the weekend are days off, so the controller decides by 6 May.
    with at(2026, 4, 30):
        report = assignment_report(actor=executor, assignment=assignment, text="Проект ответа подготовлен.")
    assert report.accept_by == dt.date(2026, 5, 6)
    assert any("На принятие отчёта" in s and "06.05.2026" in s for s in _subjects(smtp_server, deputy.email))
    with at(2026, 4, 30), pytest.raises(ApplicationError, match="не направляется"):
        assignment_report(actor=executor, assignment=assignment, text="Ещё раз")  # double submit

    with at(2026, 5, 5):
        with pytest.raises(ApplicationError, match="Укажите причину отклонения"):
            report_reject(actor=deputy, report=report, reason="  ")
        with pytest.raises(ApplicationError, match="не может быть позже срока рассмотрения обращения 20.05.2026"):
            report_reject(actor=deputy, report=report, reason="Неполно", new_due_date=dt.date(2026, 5, 25))
        with pytest.raises(PermissionDeniedError):
            report_reject(actor=executor, report=report, reason="Сам себе")
        report.refresh_from_db()
        assignment.refresh_from_db()
        assert report.decision == ReportDecision.PENDING and assignment.status == AssignmentStatus.REPORTED
        assert assignment.due_date == dt.date(2026, 5, 8)
        report_reject(
            actor=deputy, report=report, reason="Не указан срок действия лицензии.", new_due_date=dt.date(2026, 5, 15)
        )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REJECTED and assignment.due_date == dt.date(2026, 5, 15)
    assert [str(t.get_status_display()) for t in my_tasks(user=executor, organisation=organisation)] == [
        "На исполнение (отчёт отклонён)"
    ]
    rejected = [m for m in smtp_server if executor.email in m["To"] and "отчёт отклонён" in m["Subject"]]
    assert len(rejected) == 1 and "Не указан срок действия лицензии." in rejected[0].get_content()

    # The appeal cannot be closed while the assignment is open.
    with at(2026, 5, 12), pytest.raises(ApplicationError, match="неисполненные поручения"):
        appeal_close(actor=deputy, appeal=appeal)

    with at(2026, 5, 12):
        second = assignment_report(actor=executor, assignment=assignment, text="Дополнено сроком действия лицензии.")
    with at(2026, 5, 13):
        report_accept(actor=deputy, report=second)
    assignment.refresh_from_db()
    second.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED and assignment.closed_at is not None
    assert second.decided_late is False
    assert any("принят" in s for s in _subjects(smtp_server, executor.email))

    with at(2026, 5, 14):
        answer = answer_draft(
            actor=executor, appeal=appeal, text="Разъясняем порядок продления лицензии…", outcome=AnswerOutcome.SOLVED
        )
        answer = answer_sign(actor=people["head"], answer=answer_approve(actor=people["unit_head"], answer=answer))
        answer_send(actor=executor, answer=answer)
        question_result_set(actor=executor, question=appeal.questions.get(), result="explained")
        closed = appeal_close(actor=deputy, appeal=appeal)
    assert closed.status == AppealStatus.CLOSED


@pytest.mark.django_db
def test_bad_resolutions_are_refused_with_a_clear_message_and_write_nothing(organisation, people, appeal):
    deputy, executor = people["deputy"], people["executor"]
    outsider = people["executor"].__class__.objects.create(username="outsider", last_name="Чужой")
    cases = [
        (
            {"text": "", "assignments": [AssignmentSpec(executor=executor, due_date=dt.date(2026, 5, 8))]},
            "текст резолюции",
        ),
        ({"text": "Ответить", "assignments": []}, "хотя бы одного исполнителя"),
        (
            {"text": "Ответить", "assignments": [AssignmentSpec(executor=executor, due_date=dt.date(2026, 5, 21))]},
            "не может быть позже срока рассмотрения обращения 20.05.2026",
        ),
        (
            {"text": "Ответить", "assignments": [AssignmentSpec(executor=executor, due_date=dt.date(2026, 4, 1))]},
            "уже прошёл",
        ),
        (
            {"text": "Ответить", "assignments": [AssignmentSpec(executor=outsider, due_date=dt.date(2026, 5, 8))]},
            "не работает в организации",
        ),
        (
            {
                "text": "Ответить",
                "assignments": [
                    AssignmentSpec(executor=executor, due_date=dt.date(2026, 5, 8)),
                    AssignmentSpec(executor=people["executor2"], due_date=dt.date(2026, 6, 1)),
                ],
            },
            "не может быть позже",
        ),
    ]
    with at(2026, 4, 21):
        for arguments, message in cases:
            with pytest.raises(ApplicationError, match=message):
                resolution_create(actor=deputy, organisation=organisation, appeal=appeal, **arguments)
        with pytest.raises(PermissionDeniedError):
            resolution_create(
                actor=executor, organisation=organisation, appeal=appeal, text="Сам себе",
                assignments=[AssignmentSpec(executor=executor, due_date=dt.date(2026, 5, 8))],
            )  # fmt: skip
    assert not Resolution.objects.exists() and not Assignment.objects.exists() and not ControlNotice.objects.exists()


@pytest.mark.django_db
def test_same_form_twice_gives_one_resolution_and_a_new_assignment_replaces_the_rejected_one(
    organisation, people, appeal
):
    deputy, executor, executor2 = people["deputy"], people["executor"], people["executor2"]
    spec = AssignmentSpec(executor=executor, due_date=dt.date(2026, 5, 8), controller=people["deputy2"])
    with at(2026, 4, 21):
        first = resolution_create(
            actor=deputy, organisation=organisation, appeal=appeal, text="Ответить", assignments=[spec],
            submission_key="k1",
        )  # fmt: skip
        again = resolution_create(
            actor=deputy, organisation=organisation, appeal=appeal, text="Ответить", assignments=[spec],
            submission_key="k1",
        )  # fmt: skip
    assert first.pk == again.pk and Assignment.objects.count() == 1
    assignment = first.assignments.get()
    assert assignment.controller == people["deputy2"]
    with at(2026, 4, 22):
        report = assignment_report(actor=executor, assignment=assignment, text="Сделано")
    with at(2026, 4, 23):
        with pytest.raises(PermissionDeniedError, match="контролёр поручения"):
            report_accept(actor=deputy, report=report)
        report_reject(
            actor=people["deputy2"],
            report=report,
            reason="Нужен другой исполнитель",
            new_assignment=AssignmentSpec(executor=executor2, due_date=dt.date(2026, 5, 12), text="Подготовить ответ"),
        )
    assignment.refresh_from_db()
    follower = Assignment.objects.get(previous=assignment)
    assert assignment.status == AssignmentStatus.SUPERSEDED
    assert follower.executor == executor2 and follower.status == AssignmentStatus.ISSUED
    assert follower.controller == deputy  # the default controller: the first-named deputy head
    assert AssignmentReport.objects.get().decision == ReportDecision.REJECTED


@pytest.mark.django_db
def test_a_resolution_on_an_internal_request_needs_its_document_and_has_no_appeal_limit(organisation, people):
    deputy, executor = people["deputy"], people["executor"]
    spec = AssignmentSpec(executor=executor, due_date=dt.date(2026, 7, 1))
    with at(2026, 4, 21):
        with pytest.raises(ApplicationError, match="Укажите документ"):
            resolution_create(
                actor=deputy, organisation=organisation, text="Исполнить", assignments=[spec],
                document_kind="internal_request",
            )  # fmt: skip
        with pytest.raises(ApplicationError, match="Укажите вид документа"):
            resolution_create(
                actor=deputy, organisation=organisation, text="Исполнить", assignments=[spec], document_title="Записка"
            )
        resolution = resolution_create(
            actor=deputy, organisation=organisation, text="Подготовить справку", assignments=[spec],
            document_kind="internal_request", document_title="Служебная записка бухгалтерии № 12 от 20.04.2026",
        )  # fmt: skip
    assignment = resolution.assignments.get()
    assert assignment.appeal is None and assignment.due_date == dt.date(2026, 7, 1)
    assert resolution.get_document_kind_display() == "Запрос внутреннего клиента"
