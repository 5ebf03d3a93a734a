"""Outgoing messages: an outbox row in the caller's transaction, handed to a worker on commit, swept if that fails."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import require_role

from .message_templates import MESSAGE_TEMPLATE_ROLES, check_template, message_event
from .models import PENDING_STATUSES, MessageKind, MessageStatus, MessageTemplate, OutgoingMessage, Transport
from .transports import DeliveryRun, normalise_recipient, smtp_failure, validate_sender

logger = logging.getLogger(__name__)

# After a failed publish, messages of this process skip the broker for a while (the sweep delivers them):
# a body notifying five hundred people must not wait for five hundred broker timeouts.
BROKER_PAUSE_SECONDS = 30.0
_broker_paused_until: dict[str, float] = {}


@dataclass(frozen=True)
class MailThread:
    """The letter an e-mail answers: its Message-ID and the References chain it carried (RFC 5322 §3.6.4)."""

    message_id: str
    references: str = ""

    def references_header(self) -> str:
        """The answer's References: the letter's own chain, then the letter itself."""
        return " ".join(part for part in (self.references.strip(), self.message_id.strip()) if part)[:10000]


@dataclass(frozen=True)
class About:
    """What a message concerns, as the outbox stores it: the object's type and id, and its organisation."""

    object_type: str = ""
    object_id: str = ""
    organisation_id: int | None = None

    @classmethod
    def of(cls, obj: models.Model | None, organisation: Organisation | None = None) -> About:
        organisation_id = organisation.pk if organisation is not None else None
        if obj is None:
            return cls(organisation_id=organisation_id)
        if organisation_id is None:
            try:
                obj._meta.get_field("organisation")
            except FieldDoesNotExist:
                pass
            else:
                organisation_id = obj.organisation_id  # type: ignore[attr-defined]
        if obj.pk is None:  # made by bulk_create on a database that does not return keys
            return cls(organisation_id=organisation_id)
        return cls(obj._meta.label_lower, str(obj.pk), organisation_id)


def notify_staff(
    *,
    recipients: Iterable[User],
    subject: str,
    body: str,
    about: models.Model | None = None,
    organisation: Organisation | None = None,
) -> int:
    """Queue an e-mail to each active staff recipient with an address; returns how many were queued."""
    addresses = sorted({user.email for user in recipients if user.email and user.is_active})
    where = About.of(about, organisation)
    ids = [_write(MessageKind.STAFF, address, subject, body, where) for address in addresses]
    _deliver_after_commit(ids)
    return len(ids)


def notify_address(
    *,
    email: str,
    subject: str,
    body: str,
    about: models.Model | None = None,
    organisation: Organisation | None = None,
    thread: MailThread | None = None,
) -> bool:
    """Queue an e-mail to a client (not a staff account); `about` is the appeal or other object it concerns.

    `thread` is the client's letter this one answers: the answer then carries In-Reply-To and References.
    """
    if not email:
        return False
    where = About.of(about, organisation)
    _deliver_after_commit([_write(MessageKind.CLIENT, email, subject, body, where, thread)])
    return True


def notify_via(
    *,
    transport: str,
    to: str,
    body: str,
    subject: str = "",
    about: models.Model | None = None,
    organisation: Organisation | None = None,
    sender: str = "",
) -> int:
    """Queue one message by `transport` in the caller's transaction and hand it to the worker after commit.

    `to` is an e-mail address, a phone number (E.164), a Telegram chat_id, or for VK `peer:<peer_id>` (a private
    message) or `wall:<owner_id>_<post_id>_<comment_id>` (a reply under a comment). `sender` is the NAME of the
    environment variable holding the sender's token ("" = the installation's default). Besides e-mail, only the
    body is sent; the subject labels the message in the send log. Returns the outbox id.
    """
    if transport not in Transport.values:
        raise ApplicationError(_("Неизвестный способ отправки: «%(transport)s».") % {"transport": transport})
    recipient = normalise_recipient(transport, to)
    if not (body or "").strip():
        raise ApplicationError(_("Пустое сообщение не отправляется."), field="body")
    where = About.of(about, organisation)
    message_id = _write(
        MessageKind.CLIENT, recipient, subject, body, where, transport=transport, sender=validate_sender(sender)
    )
    _deliver_after_commit([message_id])
    return message_id


def _write(
    kind: str,
    to: str,
    subject: str,
    body: str,
    about: About,
    thread: MailThread | None = None,
    *,
    transport: str = Transport.EMAIL,
    sender: str = "",
) -> int:
    message = OutgoingMessage.objects.create(
        transport=transport,
        sender=sender,
        in_reply_to=thread.message_id.strip() if thread else "",
        references=thread.references_header() if thread else "",
        kind=kind,
        to=to,
        subject=subject[:500],
        body=body,
        object_type=about.object_type,
        object_id=about.object_id,
        organisation_id=about.organisation_id,
        next_attempt_at=timezone.now(),
    )
    return message.pk


def _deliver_after_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: _hand_to_worker(ids))


def _hand_to_worker(ids: list[int]) -> None:
    """Start delivery now; a broker outage only leaves the rows to the sweep."""
    from .tasks import deliver_outbox

    if deliver_outbox.app.conf.task_always_eager:
        # No broker (the embedded default, tests): deliver here. Not through Celery's eager apply, whose
        # "no result.get() inside a task" flag is process-wide and sticks when two threads deliver at once.
        try:
            outbox_deliver(ids=ids)
        except Exception:
            logger.warning("messages %s wait in the outbox for the sweep", ids, exc_info=True)
        return
    broker = str(deliver_outbox.app.conf.broker_url)
    if time.monotonic() < _broker_paused_until.get(broker, 0.0):
        return
    try:
        deliver_outbox.delay(ids)
    except Exception:
        _broker_paused_until[broker] = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning("messages %s wait in the outbox for the sweep: no broker to start delivery", ids, exc_info=True)


@dataclass
class DeliveryReport:
    """What one delivery run did, by message id; `next_attempt_at` is the earliest retry it scheduled."""

    claimed: int = 0
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    next_attempt_at: datetime | None = None

    def counts(self) -> dict[str, int]:
        return {"sent": len(self.sent), "retrying": len(self.retrying), "failed": len(self.failed)}


def outbox_deliver(*, batch: int = 50, ids: Sequence[int] | None = None, now: datetime | None = None) -> DeliveryReport:
    """Claim up to `batch` due messages (only `ids`, if given) and send each through its transport's adapter.

    A message is `sent` once the mail server or platform accepted it. A refused connection or a temporary error
    (HTTP 429, 5xx, a timeout) schedules a retry after 1, 2, 4… minutes (capped); a refusal that will not change
    (a recipient refused for good, an invalid token, a blocked user), or the last allowed attempt, ends in `failed`
    with the reason.
    """
    now = now or timezone.now()
    claimed = _claim(batch=batch, ids=ids, now=now)
    report = DeliveryReport(claimed=len(claimed))
    if not claimed:
        return report
    run = DeliveryRun()
    try:
        for message in claimed:
            _send_one(run, message, now, report)
    finally:
        run.close()
    return report


def _claim(*, batch: int, ids: Sequence[int] | None, now: datetime) -> list[OutgoingMessage]:
    """Mark due rows `sending` for this run: SKIP LOCKED on PostgreSQL; on SQLite the write lock serialises runs.

    The claim holds until `next_attempt_at`; a run that dies mid-send leaves its rows due again after that.
    """
    due = OutgoingMessage.objects.filter(status__in=PENDING_STATUSES, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    timeout = max(settings.EMAIL_TIMEOUT or 60, settings.OTKLIK_NOTIFY_HTTP_TIMEOUT)
    with transaction.atomic():
        candidates = list(
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not candidates:
            return []
        held_until = now + timedelta(seconds=60 + timeout * (len(candidates) + 1))
        due.filter(pk__in=candidates).update(
            status=MessageStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=held_until
        )
        return list(
            OutgoingMessage.objects.filter(
                pk__in=candidates, status=MessageStatus.SENDING, next_attempt_at=held_until
            ).order_by("pk")
        )


def _send_one(run: DeliveryRun, message: OutgoingMessage, now: datetime, report: DeliveryReport) -> None:
    try:
        run.adapter(message.transport).send(message)
    except Exception as exc:
        _record_failure(message, exc, now, report)
        return
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
        body="",
        updated_at=timezone.now(),
    )
    report.sent.append(message.pk)


def failure_reason(exc: BaseException) -> tuple[str, bool]:
    """The reason to show for a failed attempt, and whether retrying the same message is pointless."""
    failure = smtp_failure(exc)
    return failure.reason, failure.permanent


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4, 8… minutes by default, capped."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _record_failure(message: OutgoingMessage, exc: BaseException, now: datetime, report: DeliveryReport) -> None:
    reason, permanent = failure_reason(exc)
    logger.warning("message %s to %s not sent (attempt %s): %s", message.pk, message.to, message.attempts, reason)
    if permanent or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        with transaction.atomic():
            OutgoingMessage.objects.filter(pk=message.pk).update(
                status=MessageStatus.FAILED, next_attempt_at=None, last_error=reason, body="", updated_at=timezone.now()
            )
            audit_record(
                actor=None,
                action=AuditAction.OUTBOX_MESSAGE_FAILED,
                obj=message,
                organisation=message.organisation,
                after={"attempts": message.attempts, "reason": reason},
            )
        report.failed.append(message.pk)
        return
    next_attempt_at = now + retry_delay(message.attempts)
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.RETRYING, next_attempt_at=next_attempt_at, last_error=reason, updated_at=timezone.now()
    )
    report.retrying.append(message.pk)
    if report.next_attempt_at is None or next_attempt_at < report.next_attempt_at:
        report.next_attempt_at = next_attempt_at


@transaction.atomic
def message_template_save(
    *, actor: User, organisation: Organisation, event: str, subject: str, body: str
) -> MessageTemplate:
    """The body's administrator sets its own subject and body for an event; refused, naming the fault, if unsafe."""
    require_role(actor, organisation, *MESSAGE_TEMPLATE_ROLES)
    spec = message_event(event)
    subject, body = subject.strip(), body.replace("\r\n", "\n").strip("\n")
    check_template(spec, subject, body)
    mine = MessageTemplate.objects.select_for_update().filter(organisation=organisation, event=event)
    template = mine.first()
    if template is None:
        try:
            with transaction.atomic():  # two first saves at once: the second finds the row the first wrote
                MessageTemplate.objects.create(organisation=organisation, event=event, subject=subject, body=body)
        except IntegrityError:
            pass
        template = mine.get()
        before = None if (template.subject, template.body) == (subject, body) else _template_state(template)
    else:
        before = _template_state(template)
    template.subject, template.body, template.updated_by = subject, body, actor
    template.save()
    audit_record(
        actor=actor,
        action=AuditAction.MESSAGE_TEMPLATE_SAVED,
        obj=template,
        organisation=organisation,
        before=before,
        after={"event": event, "subject": subject, "body": body},
    )
    return template


def _template_state(template: MessageTemplate) -> dict[str, str]:
    return {"subject": template.subject, "body": template.body}


@transaction.atomic
def message_template_reset(*, actor: User, organisation: Organisation, event: str) -> bool:
    """Go back to the event's default text; returns whether the body had its own."""
    require_role(actor, organisation, *MESSAGE_TEMPLATE_ROLES)
    message_event(event)
    template = MessageTemplate.objects.select_for_update().filter(organisation=organisation, event=event).first()
    if template is None:
        return False
    audit_record(
        actor=actor,
        action=AuditAction.MESSAGE_TEMPLATE_RESET,
        obj=template,
        organisation=organisation,
        before={"event": event, "subject": template.subject, "body": template.body},
    )
    template.delete()
    return True
