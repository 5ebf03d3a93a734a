"""Benchmark row for mailbox intake: one poll of 2 000 letters from a local Dovecot (letters/s, peak memory).

A child process (its DATABASE_URL the bench database) starts Debian's Dovecot on loopback with a Maildir of
2 000 letters as people send them (plain UTF-8, windows-1251, KOI8-R quoted-printable, HTML-only, every tenth
with a small PDF), makes a throwaway organisation with an e-mail channel and its mailbox, and polls it once:
every letter parsed, stored with its source and files, acknowledged through the outbox, audited. The timed run
is untraced; the rollback to a savepoint then lets a second, traced run measure the peak Python memory. All of
it happens in one transaction that is rolled back, with files in a temporary media folder, so nothing stays.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from . import appeals_data
from .table import Row

ROOT = Path(__file__).resolve().parent.parent
LETTERS = 2_000
DOVECOT = "/usr/sbin/dovecot"
PASSWORD_ENV = "OTKLIK_BENCH_IMAP_PASSWORD"  # noqa: S105 - the name of a variable, not a password
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _letter(index: int) -> bytes:
    text = f"Здравствуйте! Прошу разъяснить порядок получения пособия (письмо {index}). " * 8
    kind = index % 4
    if kind == 1:
        body = text.encode("cp1251")
        return (
            f"From: =?utf-8?b?{base64.b64encode('Иванов Пётр'.encode()).decode()}?= <ivanov{index}@example.org>\r\n"
            f"To: bench@otklik.test\r\nSubject: Письмо {index}\r\nMessage-ID: {make_msgid(domain='example.org')}\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=windows-1251\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n"
        ).encode() + body
    message = EmailMessage()
    message["From"] = f"Сидорова Анна <sidorova{index}@example.org>"
    message["To"] = "bench@otklik.test"
    message["Subject"] = f"Обращение {index}"
    message["Message-ID"] = make_msgid(domain="example.org")
    if kind == 2:
        message.set_content(f"<html><body><p>{text}</p><div>Спасибо</div></body></html>", subtype="html")
    elif kind == 3:
        message.set_content(text, charset="koi8-r", cte="quoted-printable")
    else:
        message.set_content(text)
    if index % 10 == 0:
        message.add_attachment(PDF, maintype="application", subtype="pdf", filename=f"spravka-{index}.pdf")
    return bytes(message)


def measure() -> dict[str, Any]:
    """In the child: Dovecot with 2 000 letters, a throwaway mailbox, a timed poll and a traced one; rolled back."""
    import django

    django.setup()
    from django.db import transaction

    from otklik.channels.mail_poll import mailbox_poll
    from otklik.channels.mail_services import MailboxValues, mailbox_save
    from otklik.channels.models import Letter, Mailbox
    from otklik.channels.tests.mail_dovecot import PASSWORD, USER, Dovecot
    from otklik.orgs.choices import ChannelType
    from otklik.orgs.models import Channel, Organisation

    folder = tempfile.TemporaryDirectory(prefix="otklik-bench-mail-")
    server = Dovecot(Path(folder.name) / "dovecot")
    for index in range(LETTERS):
        server.deliver(_letter(index))
    server.start()
    os.environ[PASSWORD_ENV] = PASSWORD
    result: dict[str, Any] = {}
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(slug="bench-mail", name="Почта (бенчмарк)", short_name="Почта")
            channel = Channel.objects.create(
                organisation=organisation, code="email", channel_type=ChannelType.EMAIL, name="Почта"
            )
            values = MailboxValues(
                host="127.0.0.1", port=server.port, security="plain", username=USER, password_env=PASSWORD_ENV
            )
            mailbox = mailbox_save(actor=None, channel=channel, values=values)
            clean = transaction.savepoint()
            started = time.perf_counter()
            report = mailbox_poll(mailbox=mailbox)
            result["seconds"] = time.perf_counter() - started
            result["stored"], result["failed"] = report.stored, len(report.failed) + bool(report.error)
            result["letters"] = Letter.objects.filter(mailbox=mailbox).count()
            transaction.savepoint_rollback(clean)
            mailbox = Mailbox.objects.get(pk=mailbox.pk)
            tracemalloc.start()
            mailbox_poll(mailbox=mailbox)
            result["peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            transaction.set_rollback(True)
    finally:
        server.stop()
        folder.cleanup()
    return result


def rows() -> list[Row]:
    if not Path(DOVECOT).exists():
        print(f"  mailbox poll skipped: {DOVECOT} is missing (make dovecot installs it)", flush=True)
        return []
    from .appeals_ops import bench_env

    env = bench_env(appeals_data.bench_database_url())
    media = tempfile.mkdtemp(prefix="otklik-bench-media-")
    env.update(
        CELERY_TASK_ALWAYS_EAGER="1",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DJANGO_MEDIA_ROOT=media,
    )
    env.pop("CELERY_BROKER_URL", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.mail_poll", "--measure"],
            cwd=ROOT,
            env=env,
            text=True,
            capture_output=True,
            timeout=1800,
            check=False,
        )
    finally:
        subprocess.run(["rm", "-rf", media], check=False)
    if done.returncode:
        raise RuntimeError(f"bench.mail_poll failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    rate = result["stored"] / result["seconds"] if result["seconds"] else 0.0
    print(
        f"  mailbox poll: {result['stored']} of {LETTERS} letters stored ({result['failed']} failed) in "
        f"{result['seconds']:.1f} s; peak traced memory {result['peak_mib']:.1f} MiB",
        flush=True,
    )
    return [
        Row(f"mailbox poll, {LETTERS:,} letters from Dovecot", rate, "letters/s", ">= 50"),
        Row("mailbox poll peak traced memory", result["peak_mib"], "MiB", "bounded, < 64 MiB"),
    ]


if __name__ == "__main__":
    if "--measure" in sys.argv[1:]:
        print(json.dumps(measure(), default=str))
