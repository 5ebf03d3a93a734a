"""The pages: the resolution form from the appeal card (errors keep the input), my tasks with new notices,
the card with report and decision forms, the unit head's page and its DOCX period report."""

import datetime as dt
import io

import pytest
from docx import Document

from otklik.assignments.models import Assignment, AssignmentReport, Resolution, RouteTemplate
from otklik.assignments.services import AssignmentSpec, assignment_report, report_accept, resolution_create
from otklik.core.tests.samples import pdf_bytes

from .conftest import at


@pytest.mark.django_db
def test_resolution_form_from_the_appeal_card_refuses_a_late_deadline_and_keeps_the_input(
    organisation, people, appeal, client
):
    deputy, executor = people["deputy"], people["executor"]
    client.force_login(deputy)
    with at(2026, 4, 21):
        card = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert f"/staff/assignments/new/?appeal={appeal.pk}" in card
        form = client.get(f"/staff/assignments/new/?appeal={appeal.pk}")
        assert "срок поручения не может быть позже" in form.content.decode()
        posted = {
            "appeal": appeal.pk, "text": "Подготовить ответ к 25 мая", "executor": executor.pk,
            "due_date": "2026-05-25", "submission_key": "abc",
        }  # fmt: skip
        refused = client.post("/staff/assignments/new/", posted)
        html = refused.content.decode()
        assert refused.status_code == 200
        assert "не может быть позже срока рассмотрения обращения 20.05.2026" in html
        assert "Подготовить ответ к 25 мая" in html and 'value="2026-05-25"' in html
        assert not Resolution.objects.exists()
        accepted = client.post("/staff/assignments/new/", {**posted, "due_date": "2026-05-15"})
        again = client.post("/staff/assignments/new/", {**posted, "due_date": "2026-05-15"})  # double submit
    assignment = Assignment.objects.get()
    assert accepted.status_code == 302 and again.status_code == 302 and accepted["Location"] == again["Location"]
    assert assignment.controller == deputy and assignment.due_date == dt.date(2026, 5, 15)
    with at(2026, 4, 21):
        assert f"/staff/assignments/{assignment.pk}/" in client.get(f"/staff/appeals/{appeal.pk}/").content.decode()


@pytest.mark.django_db
def test_route_template_fills_executor_controller_and_term(organisation, people, appeal, client):
    route = RouteTemplate.objects.create(
        organisation=organisation, name="Лицензирование", text="Подготовить проект ответа",
        executor=people["executor"], controller=people["deputy2"], term_days=40,
    )  # fmt: skip
    route.co_executors.set([people["executor2"]])
    client.force_login(people["deputy"])
    with at(2026, 4, 21):
        response = client.post(
            "/staff/assignments/new/",
            {"appeal": appeal.pk, "text": "По маршруту", "route": route.pk, "submission_key": "r1"},
        )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.executor == people["executor"] and assignment.controller == people["deputy2"]
    assert list(assignment.co_executors.all()) == [people["executor2"]]
    assert assignment.due_date == dt.date(2026, 5, 20)  # 40 days cut to the appeal's own deadline
    assert assignment.text == "Подготовить проект ответа"


@pytest.mark.django_db
def test_executor_and_controller_pages_report_and_rejection_without_reason(organisation, people, appeal, client):
    deputy, executor = people["deputy"], people["executor"]
    with at(2026, 4, 21):
        resolution = resolution_create(
            actor=deputy, organisation=organisation, appeal=appeal, text="Подготовить ответ",
            assignments=[AssignmentSpec(executor=executor, due_date=dt.date(2026, 5, 8))],
        )  # fmt: skip
    assignment = resolution.assignments.get()
    client.force_login(executor)
    with at(2026, 4, 22):
        mine = client.get("/staff/assignments/").content.decode()
        assert "Новое:" in mine and "Новое поручение" in mine and "На исполнение" in mine
        assert "Новое:" not in client.get("/staff/assignments/").content.decode()  # seen
        empty = client.post(f"/staff/assignments/{assignment.pk}/report/", {"text": " "})
        assert empty.status_code == 400 and "Напишите, что сделано" in empty.content.decode()
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("справка.pdf", pdf_bytes(), content_type="application/pdf")
        sent = client.post(f"/staff/assignments/{assignment.pk}/report/", {"text": "Готово", "attachments": [upload]})
        assert sent.status_code == 302
    report = AssignmentReport.objects.get()
    stored = report.files.get()
    assert stored.name == "справка.pdf"
    client.force_login(deputy)
    with at(2026, 4, 23):
        page = client.get("/staff/assignments/control/").content.decode()
        assert "На принятие отчёта" in page and "27.04.2026" in page  # 3 working days after Wednesday 22 April
        assert client.get(f"/staff/assignments/{assignment.pk}/files/{stored.pk}/").status_code == 200
        response = client.post(
            f"/staff/assignments/{assignment.pk}/decide/", {"report": report.pk, "decision": "reject", "reason": ""},
            follow=True,
        )  # fmt: skip
        assert "Укажите причину отклонения отчёта." in response.content.decode()
        report.refresh_from_db()
        assert report.decision == "pending"
        client.post(
            f"/staff/assignments/{assignment.pk}/decide/",
            {"report": report.pk, "decision": "reject", "reason": "Нет ссылки на норму", "new_due_date": "2026-05-14"},
        )
    client.force_login(executor)
    with at(2026, 4, 23):
        mine = client.get("/staff/assignments/").content.decode()
    assert "На исполнение (отчёт отклонён)" in mine and "14.05.2026" in mine
    client.force_login(people["executor2"])
    assert client.get(f"/staff/assignments/{assignment.pk}/").status_code == 404  # not theirs


@pytest.mark.django_db
def test_unit_head_page_and_period_report_docx(organisation, people, appeal, client):
    deputy, executor = people["deputy"], people["executor"]
    with at(2026, 4, 21):
        resolution = resolution_create(
            actor=deputy, organisation=organisation, appeal=appeal, text="Подготовить ответ",
            assignments=[
                AssignmentSpec(executor=executor, due_date=dt.date(2026, 5, 8), text="Подготовить проект ответа"),
                AssignmentSpec(executor=executor, due_date=dt.date(2026, 4, 24), text="Запросить сведения"),
            ],
        )  # fmt: skip
    done = resolution.assignments.get(text="Запросить сведения")
    with at(2026, 4, 22):
        report = assignment_report(actor=executor, assignment=done, text="Сведения получены")
    with at(2026, 4, 23):
        report_accept(actor=deputy, report=report)
    client.force_login(people["unit_head"])
    with at(2026, 5, 12):
        page = client.get("/staff/assignments/unit/?start=2026-04-01&end=2026-04-30").content.decode()
        assert "Отдел лицензирования" in page and "Исполнова" in page
        response = client.get(
            f"/staff/assignments/unit/report.docx?unit={people['unit'].pk}&start=2026-04-01&end=2026-04-30"
            "&proposals=Перераспределить+нагрузку"
        )
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "об итогах работы структурного подразделения «Отдел лицензирования»" in text
    assert "1. Перечень выполняемых задач" in text and "3. Предложения по оптимизации задач" in text
    assert "выдано поручений: 2; исполнено: 1" in text and "просрочено: 1" in text
    assert "Перераспределить нагрузку" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("Запросить сведения" in c for c in cells) and "Исполнено, отчёт принят" in cells
    client.force_login(executor)
    assert client.get("/staff/assignments/unit/").status_code == 403


@pytest.mark.django_db
def test_dashboard_panel_counts_my_tasks_and_reports_to_accept(organisation, people, appeal, client):
    deputy, executor = people["deputy"], people["executor"]
    with at(2026, 4, 21):
        resolution = resolution_create(
            actor=deputy, organisation=organisation, appeal=appeal, text="Подготовить ответ",
            assignments=[AssignmentSpec(executor=executor, due_date=dt.date(2026, 4, 24))],
        )  # fmt: skip
        assignment_report(actor=executor, assignment=resolution.assignments.get(), text="Готово")
    client.force_login(deputy)
    with at(2026, 4, 22):
        html = client.get("/staff/").content.decode()
    assert "Отчётов на принятие" in html and 'href="/staff/assignments/control/">1<' in html
    client.force_login(executor)
    with at(2026, 4, 27):
        html = client.get("/staff/").content.decode()
    assert "На исполнении у меня" in html and "Новых уведомлений: 1" in html
