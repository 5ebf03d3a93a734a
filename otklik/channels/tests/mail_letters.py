"""Letters and a mailbox for the mailbox tests: RFC 5322 messages as mail clients write them, and a polled Dovecot."""

from __future__ import annotations

import base64
import datetime as dt
import quopri
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest

from otklik.channels.mail_services import MailboxValues, mailbox_save
from otklik.channels.models import Mailbox
from otklik.orgs.choices import ChannelType
from otklik.orgs.models import Channel, Organisation

from .mail_dovecot import PASSWORD, USER, Dovecot

PASSWORD_ENV = "OTKLIK_TEST_MAILBOX_PASSWORD"
OWN_ADDRESS = "obrashcheniya@minzdrav.test"


def letter(
    *,
    text: str = "Прошу разъяснить порядок получения льготы.",
    subject: str = "Обращение",
    sender: str = "Иванов Пётр Сергеевич <ivanov@example.org>",
    headers: dict[str, str] | None = None,
    message_id: str | None = None,
    html: str | None = None,
) -> bytes:
    message = EmailMessage()
    if sender:
        message["From"] = sender
    message["To"] = OWN_ADDRESS
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime(2026, 3, 2, 10, 15, tzinfo=dt.UTC))
    message["Message-ID"] = message_id or make_msgid(domain="example.org")
    for name, value in (headers or {}).items():
        message[name] = value
    if html is not None:
        message.set_content(html, subtype="html")
    else:
        message.set_content(text)
    return bytes(message)


def raw_letter(body: bytes, *, charset: str, encoding: str = "8bit", subject: str = "Обращение") -> bytes:
    """A single-part text letter with the body bytes given in `charset`, sent in `encoding`."""
    if encoding == "quoted-printable":
        payload = quopri.encodestring(body)
    elif encoding == "base64":
        payload = base64.encodebytes(body)
    else:
        payload = body
    head = "From: Сидорова <sidorova@example.org>\r\n".encode().replace(
        "Сидорова".encode(), b"=?utf-8?b?" + base64.b64encode("Сидорова".encode()) + b"?="
    )
    return (
        head
        + f"To: {OWN_ADDRESS}\r\nSubject: {subject}\r\nMessage-ID: {make_msgid(domain='example.org')}\r\n".encode()
        + b"MIME-Version: 1.0\r\n"
        + f"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n".encode()
        + payload
    )


def email_channel(organisation: Organisation) -> Channel:
    return Channel.objects.create(
        organisation=organisation,
        code="email",
        channel_type=ChannelType.EMAIL,
        name="Электронная почта",
        address=OWN_ADDRESS,
    )


def mailbox_for(organisation: Organisation, server: Dovecot) -> Mailbox:
    return mailbox_save(
        actor=None,
        channel=email_channel(organisation),
        values=MailboxValues(
            host="127.0.0.1", port=server.port, security="plain", username=USER, password_env=PASSWORD_ENV
        ),
    )


@pytest.fixture(name="mailbox")
def mailbox_fixture(organisation: Organisation, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Mailbox:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return mailbox_for(organisation, dovecot)
