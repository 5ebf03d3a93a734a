"""Mailbox intake against a real Dovecot: letters land in triage once, decoded, acknowledged once in their thread."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.core.files.storage import default_storage

from otklik.channels.mail_poll import mailbox_poll
from otklik.channels.models import Letter, LetterStatus, Mailbox
from otklik.core.models import SweepRun
from otklik.core.sweeps import run_sweeps
from otklik.notifications.models import OutgoingMessage

from .mail_dovecot import (
    Dovecot,
    dovecot_fixture,  # noqa: F401  (the fixture `dovecot`)
)
from .mail_letters import (
    OWN_ADDRESS,
    letter,
    mailbox_fixture,  # noqa: F401  (the fixture `mailbox`)
    raw_letter,
)

pytestmark = pytest.mark.django_db(transaction=True)


def acknowledgements() -> list[OutgoingMessage]:
    return list(OutgoingMessage.objects.filter(subject__contains="сообщение получено").order_by("pk"))


def test_a_letter_appears_in_triage_after_one_sweep_and_is_acknowledged_once(
    mailbox: Mailbox, dovecot: Dovecot, smtp_server: list
) -> None:
    dovecot.deliver(letter(message_id="<first@example.org>"))

    run_sweeps()

    found = Letter.objects.get()
    assert found.status == LetterStatus.AWAITING
    assert found.from_address == "ivanov@example.org"
    assert found.from_name == "Иванов Пётр Сергеевич"
    assert found.text == "Прошу разъяснить порядок получения льготы."
    assert found.received_at is not None and found.acknowledged
    assert default_storage.exists(found.source.name)
    [sent] = smtp_server
    assert sent["To"] == "ivanov@example.org"
    assert "сообщение получено" in str(sent["Subject"])
    assert sent["In-Reply-To"] == "<first@example.org>"
    assert SweepRun.objects.get(name="channels.mailboxes").report["stored"] == 1

    run_sweeps()
    mailbox.refresh_from_db()
    assert mailbox_poll(mailbox=mailbox).stored == 0

    assert Letter.objects.count() == 1
    assert len(acknowledgements()) == 1 and len(smtp_server) == 1
    assert mailbox.last_error == ""


def test_a_changed_uidvalidity_does_not_import_the_letters_again(mailbox: Mailbox, dovecot: Dovecot) -> None:
    dovecot.deliver(letter(message_id="<once@example.org>"))
    mailbox_poll(mailbox=mailbox)
    Mailbox.objects.filter(pk=mailbox.pk).update(uidvalidity=1, last_uid=99)  # as if the server renumbered
    mailbox.refresh_from_db()
    dovecot.deliver(letter(message_id="<second@example.org>"))

    report = mailbox_poll(mailbox=mailbox)

    assert (report.stored, report.skipped) == (1, 1)
    assert sorted(Letter.objects.values_list("message_id", flat=True)) == ["<once@example.org>", "<second@example.org>"]
    assert len(acknowledgements()) == 2


def test_the_same_letter_delivered_twice_is_stored_once(mailbox: Mailbox, dovecot: Dovecot) -> None:
    dovecot.deliver(letter(message_id="<twice@example.org>"))
    dovecot.deliver(letter(message_id="<twice@example.org>"))

    mailbox_poll(mailbox=mailbox)

    assert Letter.objects.count() == 1
    assert len(acknowledgements()) == 1


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [
        ("windows-1251", "8bit"),
        ("koi8-r", "8bit"),
        ("utf-8", "quoted-printable"),
        ("windows-1251", "base64"),
        ("koi8-r", "quoted-printable"),
    ],
)
def test_bodies_are_decoded_whatever_the_charset(
    mailbox: Mailbox, dovecot: Dovecot, charset: str, encoding: str
) -> None:
    text = "Здравствуйте! Прошу проверить начисление пособия, ёлки-палки."
    dovecot.deliver(raw_letter(text.encode(charset), charset=charset, encoding=encoding))

    mailbox_poll(mailbox=mailbox)

    found = Letter.objects.get()
    assert found.text == text
    assert found.from_name == "Сидорова"
    assert found.notes == []


def test_an_html_only_letter_is_shown_as_text(mailbox: Mailbox, dovecot: Dovecot) -> None:
    html = (
        "<html><head><style>p {color: red}</style><script>alert(1)</script></head>"
        "<body><p>Прошу&nbsp;помочь &laquo;срочно&raquo;.</p><div>Спасибо</div></body></html>"
    )
    dovecot.deliver(letter(html=html))

    mailbox_poll(mailbox=mailbox)

    found = Letter.objects.get()
    assert found.text == "Прошу помочь «срочно».\n\nСпасибо"
    assert any("только в HTML" in note for note in found.notes)


def test_an_unknown_charset_falls_back_with_a_note(mailbox: Mailbox, dovecot: Dovecot) -> None:
    dovecot.deliver(raw_letter("Текст в неизвестной кодировке".encode("cp1251"), charset="x-unknown-ru"))

    mailbox_poll(mailbox=mailbox)

    found = Letter.objects.get()
    assert found.text == "Текст в неизвестной кодировке"
    assert any("x-unknown-ru" in note for note in found.notes)


def test_a_malformed_letter_and_one_without_from_are_kept_with_notes(mailbox: Mailbox, dovecot: Dovecot) -> None:
    malformed = (
        b"From: <broken@example.org>\r\nSubject: broken\r\nMessage-ID: <broken@example.org>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n'
        b"preamble\r\n--never-closed\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode("Текст письма".encode()) + b"\r\n"
    )
    dovecot.deliver(malformed)
    dovecot.deliver(letter(sender="", message_id="<nofrom@example.org>"))
    dovecot.deliver(letter(message_id="<after@example.org>"))

    report = mailbox_poll(mailbox=mailbox)

    assert report.stored == 3 and report.failed == []
    broken = Letter.objects.get(message_id="<broken@example.org>")
    assert any("MIME" in note for note in broken.notes)
    assert "Текст" in broken.text
    nofrom = Letter.objects.get(message_id="<nofrom@example.org>")
    assert any("нет отправителя" in note for note in nofrom.notes)
    assert not nofrom.acknowledged
    assert Letter.objects.get(message_id="<after@example.org>").acknowledged


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Auto-Submitted": "auto-generated; owner-email=x@example.org"},
        {"Precedence": "bulk"},
        {"Precedence": "junk"},
        {"Precedence": "list"},
        {"List-Id": "<news.example.org>"},
        {"List-Unsubscribe": "<mailto:leave@example.org>"},
        {"X-Autoreply": "yes"},
        {"X-Autorespond": "yes"},
        {"Return-Path": "<>"},
    ],
)
def test_automatic_mail_is_not_acknowledged(mailbox: Mailbox, dovecot: Dovecot, headers: dict[str, str]) -> None:
    dovecot.deliver(letter(headers=headers))

    mailbox_poll(mailbox=mailbox)

    found = Letter.objects.get()
    assert not found.acknowledged and found.automatic
    assert acknowledgements() == []


@pytest.mark.parametrize(
    "sender", ["MAILER-DAEMON@mx.example.org", "Mail Delivery System <mailer-daemon@mx.example.org>", OWN_ADDRESS]
)
def test_bounces_and_the_mailbox_own_address_are_not_acknowledged(
    mailbox: Mailbox, dovecot: Dovecot, sender: str
) -> None:
    dovecot.deliver(letter(sender=sender))

    mailbox_poll(mailbox=mailbox)

    assert not Letter.objects.get().acknowledged
    assert acknowledgements() == []


def test_auto_submitted_no_is_a_person_and_is_acknowledged(mailbox: Mailbox, dovecot: Dovecot) -> None:
    dovecot.deliver(letter(headers={"Auto-Submitted": "no"}))

    mailbox_poll(mailbox=mailbox)

    assert Letter.objects.get().acknowledged
    assert len(acknowledgements()) == 1


def test_refused_attachments_are_not_stored_and_the_letter_says_why(mailbox: Mailbox, dovecot: Dovecot) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "ivanov@example.org"
    message["Subject"] = "С файлами"
    message["Message-ID"] = "<files@example.org>"
    message.set_content("Письмо с файлами.")
    message.add_attachment(
        b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024), maintype="application", subtype="pdf", filename="big.pdf"
    )
    message.add_attachment(b"MZ\x90\x00" + b"\x00" * 100, maintype="application", subtype="pdf", filename="invoice.pdf")
    message.add_attachment(b"hello", maintype="application", subtype="octet-stream", filename="setup.exe")
    message.add_attachment("Просто текст".encode(), maintype="text", subtype="plain", filename="note.txt")
    dovecot.deliver(bytes(message))

    mailbox_poll(mailbox=mailbox)

    found = Letter.objects.get()
    assert [item.name for item in found.attachments.all()] == ["note.txt"]
    notes = " ".join(found.notes)
    assert "big.pdf" in notes and "10 МБ" in notes
    assert "invoice.pdf" in notes
    assert "setup.exe" in notes
    assert found.acknowledged


def test_a_mailbox_without_its_password_records_the_error(mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTKLIK_TEST_MAILBOX_PASSWORD")

    report = mailbox_poll(mailbox=mailbox, now=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))

    mailbox.refresh_from_db()
    assert "OTKLIK_TEST_MAILBOX_PASSWORD" in report.error
    assert "OTKLIK_TEST_MAILBOX_PASSWORD" in mailbox.last_error
    assert mailbox.last_polled_at == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_a_letter_that_crashes_processing_is_kept_with_a_note_and_the_poll_goes_on(
    mailbox: Mailbox, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from otklik.channels import mail_services

    parse = mail_services.parse_letter

    def crashing(raw: bytes):  # a fault in our own code on one letter, as a bug would make it
        if b"boom" in raw:
            raise ValueError("boom")
        return parse(raw)

    monkeypatch.setattr(mail_services, "parse_letter", crashing)
    dovecot.deliver(letter(message_id="<before@example.org>"))
    dovecot.deliver(letter(subject="boom", message_id="<boom@example.org>"))
    dovecot.deliver(letter(message_id="<after@example.org>"))

    report = mailbox_poll(mailbox=mailbox)

    assert report.stored == 3 and report.failed == []
    crashed = Letter.objects.get(uid=2)
    assert any("не удалось разобрать (ValueError: boom)" in note for note in crashed.notes)
    assert "Subject: boom" in crashed.text and not crashed.acknowledged
    assert default_storage.exists(crashed.source.name)
    assert Letter.objects.filter(acknowledged=True).count() == 2
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 3
    assert mailbox_poll(mailbox=mailbox).stored == 0


def test_nul_characters_are_dropped_before_the_database_sees_them() -> None:
    """PostgreSQL refuses NUL in text; Dovecot itself turns NULs into other bytes, other servers may not."""
    from otklik.channels.mail_parse import parse_letter

    parsed = parse_letter(raw_letter("Текст\x00 с нулём".encode(), charset="utf-8", subject="Тема\x00"))

    assert parsed.text == "Текст с нулём"
    assert parsed.subject == "Тема"


def test_the_arrival_time_is_the_mailbox_s_and_an_old_letter_is_not_acknowledged(
    mailbox: Mailbox, dovecot: Dovecot
) -> None:
    import os

    old = dovecot.deliver(letter(message_id="<old@example.org>"))
    arrived = dt.datetime(2026, 2, 20, 8, 30, tzinfo=dt.UTC)
    os.utime(old, (arrived.timestamp(), arrived.timestamp()))  # Maildir: the file's time is the arrival time
    fresh = dovecot.deliver(letter(message_id="<fresh@example.org>"))
    today = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    os.utime(fresh, (today.timestamp() - 600, today.timestamp() - 600))

    mailbox_poll(mailbox=mailbox, now=today)

    stale = Letter.objects.get(message_id="<old@example.org>")
    assert stale.received_at == arrived
    assert not stale.acknowledged
    assert any("более 3 дней назад" in note for note in stale.notes)
    recent = Letter.objects.get(message_id="<fresh@example.org>")
    assert recent.received_at == today - dt.timedelta(minutes=10) and recent.acknowledged
    assert len(acknowledgements()) == 1


def test_a_wrong_password_is_recorded_and_the_next_good_poll_clears_it(
    mailbox: Mailbox, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dovecot.deliver(letter())
    monkeypatch.setenv("OTKLIK_TEST_MAILBOX_PASSWORD", "wrong")

    report = mailbox_poll(mailbox=mailbox)

    mailbox.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in report.error or "Authentication failed" in report.error
    assert mailbox.last_error and Letter.objects.count() == 0
    monkeypatch.setenv("OTKLIK_TEST_MAILBOX_PASSWORD", "dovecot-test-password")
    assert mailbox_poll(mailbox=mailbox).stored == 1
    mailbox.refresh_from_db()
    assert mailbox.last_error == ""


def test_the_acknowledgement_follows_the_body_s_own_template(
    organisation, mailbox: Mailbox, dovecot: Dovecot, smtp_server: list
) -> None:
    from otklik.notifications.services import message_template_save
    from otklik.orgs.choices import RoleCode
    from otklik.orgs.tests.factories import member

    message_template_save(
        actor=member(organisation, RoleCode.ADMINISTRATOR),
        organisation=organisation,
        event="channels.mail_received",
        subject="Получили: {{ subject }}",
        body="Спасибо! Письмо от {{ received }} у нас. {{ org.name }}",
    )
    dovecot.deliver(letter(subject="Ремонт дороги", message_id="<templated@example.org>"))

    mailbox_poll(mailbox=mailbox)

    [sent] = smtp_server
    assert str(sent["Subject"]).strip() == "Получили: Ремонт дороги"
    assert sent.get_content().startswith("Спасибо! Письмо от ")
    assert "Тестовое министерство" in sent.get_content()
    assert sent["In-Reply-To"] == "<templated@example.org>"
