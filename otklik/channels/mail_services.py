"""Mailbox intake, the only writers: mailbox settings, a letter received, and each triage decision on a letter."""

from __future__ import annotations

import contextvars
import datetime as dt
import ipaddress
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.appeals.choices import IntakeChannel
from otklik.appeals.intake import AppealIntake
from otklik.appeals.models import Appeal
from otklik.appeals.services import appeal_register
from otklik.appeals.workflow import REGISTRAR_ROLES
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.uploads import MAX_FILE_BYTES, validate_uploads
from otklik.notifications.message_templates import render_message
from otklik.notifications.services import MailThread, notify_address
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Channel, User
from otklik.orgs.permissions import has_role, require_role

from .mail_messages import MAIL_RECEIVED
from .mail_parse import ParsedLetter, message_ids, parse_letter, without_nul
from .models import Letter, LetterAttachment, LetterStatus, Mailbox, MailSecurity

# Who works the triage queue: the registrars, and the head and the deputy head for client-centricity (001 §3.2 и)).
TRIAGE_ROLES = (RoleCode.REGISTRAR, RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD)
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
MARKS = (LetterStatus.INTERNAL, LetterStatus.KND, LetterStatus.NOT_APPEAL)
# The acknowledgement is immediate primary feedback (001 §3.2 и) а)); for an older letter it would be misleading.
ACKNOWLEDGE_WITHIN = dt.timedelta(days=3)
NUMBER_TOKEN = re.compile(r"[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/\-.]*[0-9][0-9A-Za-zА-Яа-яЁё/\-]*")

# The letter being registered right now: its appeal's acknowledgement already answers in its thread.
_registering: contextvars.ContextVar[Letter | None] = contextvars.ContextVar("otklik_letter_registering", default=None)


# --- mailboxes -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailboxValues:
    host: str
    port: int
    security: str
    username: str
    password_env: str
    folder: str = "INBOX"
    is_active: bool = True


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def mailbox_check(*, actor: User | None, channel: Channel, values: MailboxValues) -> None:
    """Refuse settings that cannot work or would send a password in clear text over a network.

    `actor` None is the system; a person needs the administrator role of the channel's body.
    """
    if actor is not None:
        require_role(actor, channel.organisation, RoleCode.ADMINISTRATOR)
    if channel.channel_type != ChannelType.EMAIL:
        raise ApplicationError(
            _("Почтовый ящик подключается только к каналу типа «электронная почта»."), field="channel"
        )
    if not values.host.strip():
        raise ApplicationError(_("Укажите сервер IMAP."), field="host")
    if not 1 <= values.port <= 65535:
        raise ApplicationError(_("Порт — число от 1 до 65535."), field="port")
    if values.security not in MailSecurity.values:
        raise ApplicationError(_("Выберите защиту соединения."), field="security")
    if values.security == MailSecurity.PLAIN and not _is_loopback(values.host.strip()):
        raise ApplicationError(
            _("Без шифрования можно подключаться только к серверу на этом же компьютере (127.0.0.1)."), field="security"
        )
    if not values.username.strip():
        raise ApplicationError(_("Укажите имя пользователя почтового ящика."), field="username")
    if not ENV_NAME.match(values.password_env.strip()):
        raise ApplicationError(
            _("Укажите имя переменной окружения с паролем (латинские буквы, цифры и «_»), а не сам пароль."),
            field="password_env",
        )
    if not values.folder.strip():
        raise ApplicationError(_("Укажите папку почтового ящика."), field="folder")


@transaction.atomic
def mailbox_save(*, actor: User | None, channel: Channel, values: MailboxValues) -> Mailbox:
    """Create or change the mailbox of an e-mail channel; a new server or folder starts reading it afresh."""
    mailbox_check(actor=actor, channel=channel, values=values)
    mailbox = Mailbox.objects.select_for_update().filter(channel=channel).first()
    before = None
    if mailbox is None:
        mailbox = Mailbox(channel=channel)
    else:
        before = _mailbox_state(mailbox)
        if (mailbox.host, mailbox.folder, mailbox.username) != (values.host, values.folder, values.username):
            mailbox.uidvalidity, mailbox.last_uid = None, 0  # Message-IDs still keep stored letters from repeating
    mailbox.host, mailbox.port, mailbox.security = values.host.strip(), values.port, values.security
    mailbox.username, mailbox.password_env = values.username.strip(), values.password_env.strip()
    mailbox.folder, mailbox.is_active = values.folder.strip(), values.is_active
    mailbox.save()
    audit_record(
        actor=actor,
        action=AuditAction.MAILBOX_SAVED,
        obj=mailbox,
        organisation=channel.organisation,
        before=before,
        after=_mailbox_state(mailbox),
    )
    return mailbox


def _mailbox_state(mailbox: Mailbox) -> dict[str, object]:
    return {
        "host": mailbox.host,
        "port": mailbox.port,
        "security": mailbox.security,
        "username": mailbox.username,
        "password_env": mailbox.password_env,
        "folder": mailbox.folder,
        "is_active": mailbox.is_active,
    }


@transaction.atomic
def mailbox_record_poll(
    *, mailbox: Mailbox, uidvalidity: int | None, last_uid: int, error: str, now: dt.datetime
) -> None:
    """How far the poll read, and its error (empty when it went through)."""
    Mailbox.objects.filter(pk=mailbox.pk).update(
        uidvalidity=uidvalidity, last_uid=last_uid, last_polled_at=now, last_error=error[:5000], updated_at=now
    )
    mailbox.uidvalidity, mailbox.last_uid, mailbox.last_polled_at, mailbox.last_error = (
        uidvalidity,
        last_uid,
        now,
        error,
    )


# --- receiving -----------------------------------------------------------------------------------------------------


def _own_addresses(mailbox: Mailbox) -> set[str]:
    candidates = {mailbox.channel.address, mailbox.username}
    return {address.strip().lower() for address in candidates if "@" in (address or "")}


def _stored_files(parsed: ParsedLetter) -> tuple[list[tuple[str, str, bytes]], list[str]]:
    """The files the upload rules accept, and a note for each refused one (its name and why)."""
    kept: list[tuple[str, str, bytes]] = []
    notes: list[str] = []
    for item in parsed.files:
        if len(item.data) > MAX_FILE_BYTES:
            notes.append(
                _("Файл «%(name)s» не сохранён: больше %(size)s МБ (%(actual)s МБ).")
                % {
                    "name": item.name,
                    "size": MAX_FILE_BYTES // (1024 * 1024),
                    "actual": len(item.data) // (1024 * 1024),
                }
            )
            continue
        upload = SimpleUploadedFile(item.name, item.data, content_type=item.content_type)
        try:
            validate_uploads([upload])
            validate_uploads([*(SimpleUploadedFile(name, data) for name, _type, data in kept), upload])
        except ApplicationError as refused:
            notes.append(_("Файл не сохранён: %(reason)s") % {"reason": refused.message})
            continue
        kept.append((item.name, item.content_type, item.data))
    return kept, notes


def suggested_appeal(*, organisation_id: int, parsed: ParsedLetter) -> Appeal | None:
    """The appeal a letter continues: one already linked to a letter it replies to, else a number in its subject."""
    replied = message_ids(parsed.in_reply_to, parsed.references)
    if replied:
        linked = (
            Letter.objects.filter(organisation_id=organisation_id, message_id__in=replied, appeal__isnull=False)
            .select_related("appeal")
            .order_by("-received_at")
            .first()
        )
        if linked is not None and linked.appeal is not None:
            return linked.appeal
    tokens = set(NUMBER_TOKEN.findall(parsed.subject))
    if tokens:
        return Appeal.objects.filter(organisation_id=organisation_id, number__in=tokens).order_by("-pk").first()
    return None


def acknowledgement_text(letter: Letter) -> tuple[str, str]:
    """«Сообщение получено» in the body's own template of the event (or the default)."""
    organisation = letter.organisation
    received = timezone.localtime(letter.received_at, organisation.tz).strftime("%d.%m.%Y %H:%M")
    message = render_message(
        organisation=organisation,
        event=MAIL_RECEIVED.code,
        values={"subject": letter.subject or _("без темы"), "received": received},
    )
    return message.subject, message.body


@transaction.atomic
def letter_receive(
    *,
    mailbox: Mailbox,
    uidvalidity: int,
    uid: int,
    raw: bytes,
    received_at: dt.datetime,
    now: dt.datetime | None = None,
) -> Letter | None:
    """Store one letter once, with its files and triage notes, and acknowledge it to its author; None if stored.

    Once: a letter seen under this UID, or with this Message-ID in this mailbox (UIDVALIDITY changed, or the
    same letter delivered twice), is not stored again. The acknowledgement goes out with the letter, in its
    thread, except to automatic mail (auto-replies, bounces, lists), to the mailbox's own address, and for a
    letter that arrived more than ACKNOWLEDGE_WITHIN ago (a mailbox connected with its history, a long outage):
    a late «received» would only confuse; triage is told instead.
    """
    now = now or timezone.now()
    parsed = parse_letter(raw)
    already = Letter.objects.filter(mailbox=mailbox).filter(
        Q(uidvalidity=uidvalidity, uid=uid) | (Q(message_id=parsed.message_id) if parsed.message_id else Q(pk__in=[]))
    )
    if already.exists():
        return None
    organisation = mailbox.channel.organisation
    files, file_notes = _stored_files(parsed)
    automatic = parsed.automatic
    if not automatic and parsed.from_address in _own_addresses(mailbox):
        automatic = _("письмо с адреса самого ящика")
    letter = Letter(
        organisation=organisation,
        mailbox=mailbox,
        uidvalidity=uidvalidity,
        uid=uid,
        message_id=parsed.message_id,
        in_reply_to=parsed.in_reply_to,
        references=parsed.references,
        from_name=parsed.from_name,
        from_address=parsed.from_address,
        subject=parsed.subject,
        sent_at=parsed.sent_at,
        received_at=received_at,
        text=parsed.text,
        notes=[*parsed.notes, *file_notes],
        size=len(raw),
        automatic=automatic[:200],
        suggested_appeal=suggested_appeal(organisation_id=organisation.pk, parsed=parsed),
    )
    if automatic:
        letter.notes.append(_("Автоматическое письмо (%(why)s): подтверждение не отправлялось.") % {"why": automatic})
    late = now - received_at > ACKNOWLEDGE_WITHIN
    if late and not automatic and letter.from_address:
        letter.notes.append(
            _("Письмо поступило более %(days)s дней назад: подтверждение о получении не отправлялось.")
            % {"days": ACKNOWLEDGE_WITHIN.days}
        )
    stored: list[str] = []
    try:
        with transaction.atomic():
            letter.source.save(f"{uidvalidity}-{uid}.eml", ContentFile(raw), save=False)
            stored.append(letter.source.name)
            letter.save()
            for name, content_type, data in files:
                attachment = LetterAttachment(letter=letter, name=name, content_type=content_type, size=len(data))
                attachment.file.save(name, ContentFile(data), save=False)
                stored.append(attachment.file.name)
                attachment.save()
            if not automatic and not late and letter.from_address:
                _acknowledge(letter)
            audit_record(
                actor=None,
                action=AuditAction.LETTER_RECEIVED,
                obj=letter,
                organisation=organisation,
                after={"uid": uid, "uidvalidity": uidvalidity, "message_id": letter.message_id, "files": len(files)},
            )
    except IntegrityError:  # another poll stored it a moment ago
        _remove(stored, letter)
        return None
    except BaseException:
        _remove(stored, letter)
        raise
    return letter


def _acknowledge(letter: Letter) -> None:
    """Queue the «сообщение получено» letter in the author's thread, in the caller's transaction."""
    subject, body = acknowledgement_text(letter)
    letter.acknowledged = notify_address(
        email=letter.from_address,
        subject=subject,
        body=body,
        about=letter,
        organisation=letter.organisation,
        thread=letter_thread(letter),
    )
    if letter.acknowledged:
        letter.save(update_fields=["acknowledged", "updated_at"])


@transaction.atomic
def letter_receive_failed(
    *, mailbox: Mailbox, uidvalidity: int, uid: int, raw: bytes, received_at: dt.datetime, error: str
) -> Letter | None:
    """Keep a letter that could not be processed as it came, with the error as its triage note (nothing lost)."""
    if Letter.objects.filter(mailbox=mailbox, uidvalidity=uidvalidity, uid=uid).exists():
        return None
    letter = Letter(
        organisation=mailbox.channel.organisation,
        mailbox=mailbox,
        uidvalidity=uidvalidity,
        uid=uid,
        received_at=received_at,
        text=without_nul(raw[:200_000].decode("utf-8", errors="replace")),
        size=len(raw),
        notes=[
            _("Письмо не удалось разобрать (%(error)s): показан исходный текст, подтверждение не отправлялось.")
            % {"error": without_nul(error[:500])}
        ],
        automatic=_("не разобрано"),
    )
    letter.source.save(f"{uidvalidity}-{uid}.eml", ContentFile(raw), save=False)
    try:
        letter.save()
        audit_record(
            actor=None,
            action=AuditAction.LETTER_RECEIVED,
            obj=letter,
            organisation=letter.organisation,
            after={"uid": uid, "uidvalidity": uidvalidity, "error": error[:500]},
        )
    except BaseException:
        letter.source.storage.delete(letter.source.name)
        raise
    return letter


def _remove(names: list[str], letter: Letter) -> None:
    storage = letter.source.storage
    for name in names:
        storage.delete(name)


def letter_thread(letter: Letter) -> MailThread | None:
    return MailThread(letter.message_id, letter.references) if letter.message_id else None


def appeal_mail_thread(appeal: Appeal) -> MailThread | None:
    """The author's letter an e-mail appeal came by, for the appeals room's notices and answers."""
    if appeal.channel != IntakeChannel.EMAIL:
        return None
    letter = _registering.get()
    if letter is None or letter.appeal_id not in (None, appeal.pk):
        letter = Letter.objects.filter(appeal=appeal, status=LetterStatus.REGISTERED).order_by("received_at").first()
    return letter_thread(letter) if letter is not None else None


@contextmanager
def _registering_letter(letter: Letter) -> Iterator[None]:
    token = _registering.set(letter)
    try:
        yield
    finally:
        _registering.reset(token)


# --- triage --------------------------------------------------------------------------------------------------------


def can_triage(user: User, letter: Letter) -> bool:
    return has_role(user, letter.organisation, *TRIAGE_ROLES)


def can_register_letter(user: User, letter: Letter) -> bool:
    return has_role(user, letter.organisation, *REGISTRAR_ROLES)


def _letter_for_triage(letter: Letter, *, actor: User) -> Letter:
    """The letter locked for one decision; refused when the person may not triage or it is decided already."""
    if not can_triage(actor, letter):
        raise PermissionDeniedError(_("Разбирать почту могут регистратор, руководитель и его заместитель."))
    locked = Letter.objects.select_for_update(of=("self",)).select_related("organisation", "appeal").get(pk=letter.pk)
    if locked.status != LetterStatus.AWAITING:
        decided = locked.get_status_display()
        if locked.appeal is not None:
            decided = f"{decided}, № {locked.appeal.number}"
        raise ApplicationError(_("Письмо уже разобрано: %(decided)s.") % {"decided": decided}, field="letter")
    return locked


def _decided(letter: Letter, *, actor: User, status: str, reason: str = "", appeal: Appeal | None = None) -> Letter:
    letter.status, letter.triage_reason, letter.appeal = status, reason, appeal
    letter.triaged_by, letter.triaged_at = actor, timezone.now()
    letter.save(update_fields=["status", "triage_reason", "appeal", "triaged_by", "triaged_at", "updated_at"])
    return letter


def letter_files(letter: Letter) -> tuple[UploadedFile, ...]:
    """The letter's kept files as uploads, for the appeal registered from it."""
    files: list[UploadedFile] = []
    for attachment in letter.attachments.all():
        with attachment.file.open("rb") as handle:
            data = handle.read()
        files.append(SimpleUploadedFile(attachment.name, data, content_type=attachment.content_type))
    return tuple(files)


@transaction.atomic
def letter_register(*, actor: User, letter: Letter, intake: AppealIntake) -> Appeal:
    """Register an appeal (or request) from a letter: received when the letter arrived, with the letter's files."""
    letter = _letter_for_triage(letter, actor=actor)
    if not can_register_letter(actor, letter):
        raise PermissionDeniedError(_("Регистрировать обращения может регистратор или администратор организации."))
    intake = replace(
        intake,
        channel=IntakeChannel.EMAIL,
        received_at=letter.received_at,
        attachments=(*letter_files(letter), *intake.attachments),
    )
    with _registering_letter(letter):
        registration = appeal_register(actor=actor, organisation=letter.organisation, intake=intake)
    appeal = registration.appeal
    _decided(letter, actor=actor, status=LetterStatus.REGISTERED, appeal=appeal)
    audit_record(
        actor=actor,
        action=AuditAction.LETTER_REGISTERED,
        obj=letter,
        organisation=letter.organisation,
        after={"appeal": appeal.number},
    )
    return appeal


@transaction.atomic
def letter_attach(*, actor: User, letter: Letter, appeal: Appeal) -> Letter:
    """Join a letter to an appeal it continues (a reply, an addition), as the staff confirmed."""
    letter = _letter_for_triage(letter, actor=actor)
    if appeal.organisation_id != letter.organisation_id:
        raise ApplicationError(_("Обращение не найдено в этой организации."), field="appeal")
    _decided(letter, actor=actor, status=LetterStatus.ATTACHED, appeal=appeal)
    audit_record(
        actor=actor,
        action=AuditAction.LETTER_ATTACHED,
        obj=letter,
        organisation=letter.organisation,
        after={"appeal": appeal.number},
    )
    return letter


@transaction.atomic
def letter_mark(*, actor: User, letter: Letter, status: str, reason: str = "") -> Letter:
    """Mark a letter as an internal request, KND correspondence, or not an appeal (the last with a reason)."""
    if status not in MARKS:
        raise ApplicationError(_("Выберите, что это за письмо."), field="status")
    reason = (reason or "").strip()
    if status == LetterStatus.NOT_APPEAL and not reason:
        raise ApplicationError(_("Укажите, почему письмо не является обращением."), field="reason")
    letter = _letter_for_triage(letter, actor=actor)
    _decided(letter, actor=actor, status=status, reason=reason[:5000])
    audit_record(
        actor=actor,
        action=AuditAction.LETTER_MARKED,
        obj=letter,
        organisation=letter.organisation,
        after={"status": status, "reason": reason[:500]},
    )
    return letter
