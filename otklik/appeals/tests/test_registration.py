"""Registration from every channel: numbers, dates, legal terms, authors, files, receipt by real SMTP."""

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from otklik.appeals.choices import AppealStatus, IntakeChannel
from otklik.appeals.models import Appeal, AppealSettings, Attachment, Author
from otklik.appeals.services import access_code_hash, appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError
from otklik.core.models import AuditEntry
from otklik.core.tests.samples import pdf_bytes
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
AUTHOR = {"last_name": "Петрова", "first_name": "Анна", "middle_name": "Сергеевна", "email": "petrova@example.org"}


def at(day: dt.date, hour: int = 11):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=MSK), tick=False)


def register(organisation, actor=None, **overrides):
    overrides.setdefault("text", "Прошу разъяснить порядок лицензирования заготовки лома.")
    overrides.setdefault("author", AUTHOR)
    return appeal_register(actor=actor, organisation=organisation, intake=appeal_intake(**overrides))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("registered", "policy", "due"),
    [
        # +30 days = 01.01.2026, a holiday; 31.12.2025 is a transferred day off -> 30.12.2025
        (dt.date(2025, 12, 2), "preceding", dt.date(2025, 12, 30)),
        (dt.date(2025, 12, 2), "next", dt.date(2026, 1, 12)),
        # +30 = 11.05.2026, the weekday off for Victory Day on a Saturday -> Friday 08.05.2026
        (dt.date(2026, 4, 11), "preceding", dt.date(2026, 5, 8)),
        (dt.date(2026, 4, 11), "next", dt.date(2026, 5, 12)),
        # +30 = Saturday 01.11.2025, a working day by transfer: the term ends that Saturday
        (dt.date(2025, 10, 2), "preceding", dt.date(2025, 11, 1)),
        # +30 = Sunday 08.03.2026 -> Friday 06.03.2026 (09.03 is the weekday off)
        (dt.date(2026, 2, 6), "preceding", dt.date(2026, 3, 6)),
    ],
)
def test_due_date_follows_the_production_calendar(organisation, registered, policy, due):
    organisation.term_end_policy = policy
    organisation.save()
    with at(registered):
        appeal = register(organisation).appeal
    assert appeal.registered_on == registered
    assert appeal.due_date == due
    assert appeal.governing_due_date == due


@pytest.mark.django_db
def test_numbers_run_per_body_per_year_and_kind(organisation):
    other = OrganisationFactory()
    AppealSettings.objects.create(organisation=organisation, appeal_number_format="ОГ-{seq:05d}/{year}")
    with at(dt.date(2025, 12, 30)):
        first = register(organisation).appeal
        second = register(organisation).appeal
        request = register(organisation, kind="request").appeal
        elsewhere = register(other).appeal
    with at(dt.date(2026, 1, 12)):
        new_year = register(organisation).appeal
    assert [first.number, second.number] == ["ОГ-00001/2025", "ОГ-00002/2025"]
    assert request.number == "1-З/25"
    assert elsewhere.number == "1-О/25"
    assert new_year.number == "ОГ-00001/2026"
    assert request.due_date == dt.date(2026, 1, 29)  # 8-FZ: 30 days as well by default


@pytest.mark.django_db
def test_a_number_format_changed_in_the_admin_applies_to_the_next_registration(organisation, admin_client):
    with at(dt.date(2026, 3, 10)):
        assert register(organisation).appeal.number == "1-О/26"  # the defaults, now remembered by this process
        response = admin_client.post(
            "/admin/appeals/appealsettings/add/",
            {
                "organisation": organisation.pk,
                "appeal_number_format": "ОГ-{seq}/{year}",
                "request_number_format": "ЗИ-{seq}/{year}",
            },
        )
        assert response.status_code == 302
        assert register(organisation).appeal.number == "ОГ-2/2026"


@pytest.mark.django_db
def test_registration_by_staff_keeps_the_receipt_date_and_flags_lateness(organisation):
    registrar = member(organisation, RoleCode.REGISTRAR)
    with at(dt.date(2026, 3, 10)):
        appeal = register(
            organisation,
            actor=registrar,
            channel=IntakeChannel.POST,
            received_at=dt.datetime(2026, 3, 2, 16, 0, tzinfo=MSK),
            registered_on=dt.date(2026, 3, 6),
            author={"last_name": "Иванов", "first_name": "Олег", "postal_address": "367000, Махачкала, ул. Ленина, 1"},
        ).appeal
    assert appeal.late_registration  # 4 days after receipt: more than the 3 days of 59-FZ art. 8
    assert appeal.due_date == dt.date(2026, 4, 3)  # 30 days from 06.03.2026 is Sunday 05.04 -> Friday 03.04
    assert appeal.registered_by == registrar
    with at(dt.date(2026, 3, 10)):
        on_time = register(
            organisation,
            actor=registrar,
            channel=IntakeChannel.POST,
            received_at=dt.datetime(2026, 3, 6, 9, 0, tzinfo=MSK),
            registered_on=dt.date(2026, 3, 9),
        ).appeal
    assert not on_time.late_registration


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": "   "}, "text", "Напишите текст обращения."),
        ({"author": {"first_name": "Анна", "email": "a@example.org"}}, "author.last_name", "Укажите фамилию."),
        (
            {"author": {"last_name": "Петрова", "first_name": "Анна"}},
            "author.email",
            "Укажите почтовый адрес или адрес электронной почты, по которому направить ответ.",
        ),
        ({"author": {**AUTHOR, "email": "petrova@"}}, "author.email", "Проверьте адрес электронной почты."),
        ({"channel": IntakeChannel.POST}, "channel", "Через этот канал обращение регистрирует сотрудник органа."),
        (
            {"registered_on": dt.date(2026, 1, 1)},
            "registered_on",
            "Дату регистрации указывает только сотрудник органа.",
        ),
        (
            {"questions": [{"classifier_code": "9999.0000.0000.0000"}]},
            "questions.0.classifier_code",
            "Нет такой темы в классификаторе: 9999.0000.0000.0000",
        ),
        ({"attachments": [SimpleUploadedFile("virus.exe", b"MZ")]}, "attachments", "такой тип не принимается"),
        ({"kind": "petition"}, "kind", "Вид — обращение или запрос информации."),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_is_written(organisation, overrides, field, message):
    with pytest.raises(ApplicationError) as refused:
        register(organisation, **overrides)
    assert refused.value.field == field
    assert message in refused.value.message
    assert Appeal.objects.count() == 0 and Author.objects.count() == 0
    assert not AuditEntry.objects.filter(action="appeal.registered").exists()


@pytest.mark.django_db
def test_the_same_author_is_reused_and_a_double_submit_registers_once(organisation):
    first = register(organisation, submission_key="form-1")
    again = register(organisation, submission_key="form-1")
    assert again.duplicate and again.appeal.pk == first.appeal.pk and again.access_code is None
    second = register(organisation, author={**AUTHOR, "email": "PETROVA@example.org", "phone": "+7 900 000-00-00"})
    assert second.appeal.author_id == first.appeal.author_id
    assert Author.objects.get().phone == "+7 900 000-00-00"
    assert Appeal.objects.count() == 2


@pytest.mark.django_db
def test_files_are_stored_and_the_access_code_opens_the_appeal(organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    scan = pdf_bytes()
    registration = register(
        organisation,
        attachments=[SimpleUploadedFile("акт.pdf", scan, content_type="application/pdf")],
    )
    attachment = Attachment.objects.get()
    assert attachment.name == "акт.pdf" and attachment.size == len(scan)
    assert (tmp_path / attachment.file.name).read_bytes() == scan
    code = registration.access_code
    assert code and len(code) == 9 and code[4] == "-"
    assert registration.appeal.access_code_hash == access_code_hash(code.lower())


@pytest.mark.django_db
def test_a_failed_registration_leaves_no_file_behind(organisation, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    from otklik.appeals import events  # writes the registration's event and audit row

    def broken(**kwargs):
        raise RuntimeError("the audit write failed")

    monkeypatch.setattr(events, "audit_record", broken)
    with pytest.raises(RuntimeError):
        register(
            organisation, attachments=[SimpleUploadedFile("scan.pdf", pdf_bytes(), content_type="application/pdf")]
        )
    assert Appeal.objects.count() == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.django_db(transaction=True)
def test_the_author_receives_the_acknowledgement_by_smtp(organisation, smtp_server):
    with at(dt.date(2026, 5, 12)):
        registration = register(organisation)
    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "petrova@example.org"
    assert registration.appeal.number in message["Subject"]
    body = message.get_content()
    assert "зарегистрировал(о) его 12.05.2026" in body
    assert "не позднее 11.06.2026" in body
    assert registration.access_code in body


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_share_a_number(organisation):
    """Many registrations at once (threads, each with its own connection) get distinct consecutive numbers."""
    errors: list[BaseException] = []
    numbers: list[str] = []
    lock = threading.Lock()

    def worker(index: int, rounds: int) -> None:
        try:
            for round_ in range(rounds):
                appeal = register(organisation, text=f"Обращение {index}-{round_}").appeal
                with lock:
                    numbers.append(appeal.number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    # On PostgreSQL eight connections race for the counter row; the embedded SQLite takes one writer at a time by
    # design, so there the same forty registrations run from one thread and must still number 1..40.
    workers = 8 if connection.vendor == "postgresql" else 1
    rounds = 40 // workers

    def run(index: int) -> None:
        worker(index, rounds)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(numbers) == 40 == len(set(numbers))
    sequences = sorted(Appeal.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 41))
    assert Appeal.objects.filter(status=AppealStatus.REGISTERED).count() == 40


@pytest.mark.django_db
def test_dashboard_counts_overdue_and_due_soon(client, organisation):
    with at(dt.date(2026, 3, 2)):
        register(organisation)  # due 01.04.2026 (30 days; 01.04 is a Wednesday)
    with at(dt.date(2026, 3, 30)):
        register(organisation)  # due 29.04.2026
    client.force_login(member(organisation, RoleCode.CONTROLLER))
    with at(dt.date(2026, 4, 2)):
        html = client.get("/staff/").content.decode()
    assert 'data-testid="appeals-open">2<' in html
    assert 'data-testid="appeals-overdue">1<' in html
    # The panel counts what the person may open: an executor sees only the appeals that are theirs.
    executor = member(organisation, RoleCode.EXECUTOR)
    client.force_login(executor)
    with at(dt.date(2026, 4, 2)):
        assert 'data-testid="appeals-open">0<' in client.get("/staff/").content.decode()
        Appeal.objects.filter(due_date=dt.date(2026, 4, 1)).update(executor=executor)
        html = client.get("/staff/").content.decode()
    assert 'data-testid="appeals-open">1<' in html and 'data-testid="appeals-overdue">1<' in html


@pytest.mark.django_db
def test_a_submission_key_of_someone_else_does_not_reveal_their_appeal(organisation):
    first = register(organisation, submission_key="same-key")
    other = member(organisation, RoleCode.INTERNAL_CLIENT)
    theirs = register(organisation, actor=other, channel=IntakeChannel.API, submission_key="same-key")
    # Keys are scoped to their sender: the same key from someone else is their own, new appeal.
    assert not theirs.duplicate and theirs.appeal.pk != first.appeal.pk and theirs.access_code
    assert Appeal.objects.count() == 2


@pytest.mark.django_db
def test_a_public_submission_never_overwrites_an_authors_known_details(organisation):
    first = register(organisation, author={**AUTHOR, "postal_address": "367000, Махачкала, ул. Ленина, 1"})
    register(organisation, author={**AUTHOR, "postal_address": "Другой адрес", "phone": "+7 900 111-22-33"})
    author = Author.objects.get(pk=first.appeal.author_id)
    assert author.postal_address == "367000, Махачкала, ул. Ленина, 1"
    assert author.phone == "+7 900 111-22-33"  # a blank is filled in


@pytest.mark.django_db
def test_a_reused_key_with_another_text_is_refused_and_too_long_names_too(organisation):
    register(organisation, submission_key="k-1")
    with pytest.raises(ApplicationError, match="ключ отправки уже использован"):
        register(organisation, submission_key="k-1", text="Совсем другое обращение")
    with pytest.raises(ApplicationError) as refused:
        register(organisation, author={**AUTHOR, "last_name": "Я" * 151})
    assert refused.value.field == "author.last_name"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("ОГ-{year}", "нужен порядковый номер {seq}"),
        ("ОГ-{seq}/{month}", "лишнее: {month}"),
        ("ОГ-{seq/{year}", "фигурные скобки"),
    ],
)
def test_a_broken_number_format_is_refused_in_the_admin_and_nothing_is_saved(
    organisation, admin_client, template, message
):
    from otklik.appeals.models import AppealSettings
    from otklik.core.models import AuditEntry

    response = admin_client.post(
        "/admin/appeals/appealsettings/add/",
        {"organisation": organisation.pk, "appeal_number_format": template, "request_number_format": "{seq}-З/{yy}"},
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not AppealSettings.objects.exists()
    assert not AuditEntry.objects.filter(action="appeal_settings.updated").exists()
