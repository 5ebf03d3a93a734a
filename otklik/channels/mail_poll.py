"""Mailbox intake, IMAP part: read each active mailbox's new letters (imap-tools) and hand each to letter_receive."""

from __future__ import annotations

import datetime as dt
import imaplib
import logging
import os
import re
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from imap_tools import A, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.mailbox import BaseMailBox

from otklik.core.sweeps import register_sweep

from .mail_services import letter_receive, letter_receive_failed, mailbox_record_poll
from .models import Letter, LetterStatus, Mailbox, MailSecurity

logger = logging.getLogger(__name__)

FETCH_BATCH = 50
TIMEOUT_SECONDS = 60
UID_IN_FETCH = re.compile(rb"UID (\d+)")


@dataclass
class PollReport:
    mailbox_id: int
    stored: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    error: str = ""


def _connect(mailbox: Mailbox) -> BaseMailBox:
    if mailbox.security == MailSecurity.TLS:
        return MailBox(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS, ssl_context=ssl.create_default_context())
    if mailbox.security == MailSecurity.STARTTLS:
        return MailBoxStartTls(
            mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS, ssl_context=ssl.create_default_context()
        )
    return MailBoxUnencrypted(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)


def _arrival(header: bytes, now: dt.datetime) -> dt.datetime:
    """The server's INTERNALDATE: when the letter arrived in the mailbox (the poll's time if the server gives none)."""
    moment = imaplib.Internaldate2tuple(header)
    if moment is None:
        return now
    return dt.datetime.fromtimestamp(time.mktime(moment), tz=dt.UTC)


def _fetch(client: BaseMailBox, uids: list[int]) -> Iterator[tuple[int, bytes, bytes]]:
    """(uid, fetch response line, raw letter) for each uid, a batch per command, without marking them seen."""
    for start in range(0, len(uids), FETCH_BATCH):
        batch = ",".join(str(uid) for uid in uids[start : start + FETCH_BATCH])
        status, data = client.client.uid("FETCH", batch, "(UID INTERNALDATE BODY.PEEK[])")
        if status != "OK":
            raise imaplib.IMAP4.error(f"FETCH {batch}: {status} {data!r}")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2:
                found = UID_IN_FETCH.search(item[0])
                if found:
                    yield int(found.group(1)), item[0], item[1]


def mailbox_poll(*, mailbox: Mailbox, now: dt.datetime | None = None) -> PollReport:
    """Read the letters that arrived since the last poll; each stored in its own transaction.

    A letter that fails is recorded in the report and in the mailbox's last error, and the poll goes on; only a
    letter that went through (stored or known) moves the mark, so a failed one is tried again next time.
    """
    now = now or timezone.now()
    report = PollReport(mailbox_id=mailbox.pk)
    uidvalidity, last_uid = mailbox.uidvalidity, mailbox.last_uid
    password = os.environ.get(mailbox.password_env, "")
    try:
        if not password:
            raise RuntimeError(
                _("Пароль не задан: на сервере нет переменной окружения %(name)s.") % {"name": mailbox.password_env}
            )
        with _connect(mailbox).login(mailbox.username, password, initial_folder=mailbox.folder) as client:
            status = client.folder.status(mailbox.folder, ["UIDVALIDITY"])
            current = int(status["UIDVALIDITY"])
            if current != uidvalidity:  # the server renumbered the folder: read it again, Message-IDs keep it once
                uidvalidity, last_uid = current, 0
            uids = sorted(int(uid) for uid in client.uids(A(uid=f"{last_uid + 1}:*")) if int(uid) > last_uid)
            failed_before: int | None = None
            for uid, header, raw in _fetch(client, uids):
                arrived = _arrival(header, now)
                try:
                    letter = letter_receive(
                        mailbox=mailbox, uidvalidity=current, uid=uid, raw=raw, received_at=arrived, now=now
                    )
                except Exception as exc:
                    logger.exception("mailbox %s: letter UID %s not processed", mailbox.pk, uid)
                    error = f"{type(exc).__name__}: {exc}"
                    try:
                        letter = letter_receive_failed(
                            mailbox=mailbox, uidvalidity=current, uid=uid, raw=raw, received_at=arrived, error=error
                        )
                    except Exception:
                        logger.exception("mailbox %s: letter UID %s not stored", mailbox.pk, uid)
                        report.failed.append(f"UID {uid}: {error}")
                        failed_before = uid if failed_before is None else failed_before
                        continue
                if letter is None:
                    report.skipped += 1
                else:
                    report.stored += 1
                if failed_before is None:
                    last_uid = uid
    except Exception as exc:
        logger.warning("mailbox %s: poll failed", mailbox.pk, exc_info=True)
        report.error = f"{type(exc).__name__}: {exc}"
    errors = [report.error] if report.error else []
    errors += [_("Письмо не сохранено: %(error)s") % {"error": failed} for failed in report.failed]
    mailbox_record_poll(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=last_uid, error="\n".join(errors), now=now)
    return report


@register_sweep("channels.mailboxes")
def mailboxes_poll(now: dt.datetime) -> dict[str, object]:
    """Poll every active mailbox once; one mailbox failing does not stop the others."""
    reports = [
        mailbox_poll(mailbox=mailbox, now=now)
        for mailbox in Mailbox.objects.filter(is_active=True).select_related("channel__organisation")
    ]
    return {
        "mailboxes": len(reports),
        "stored": sum(report.stored for report in reports),
        "failed": sum(len(report.failed) for report in reports) + sum(1 for report in reports if report.error),
        "awaiting": Letter.objects.filter(status=LetterStatus.AWAITING).count(),
    }
