"""The only writers of appeals: registration from every channel, extension, forwarding and notices (R-AP-1/2/5)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.calendars.selectors import calendar_for, today_for
from otklik.core.audit import audit_record
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.memo import Memo
from otklik.notifications.services import notify_address
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import has_role, require_role

from . import terms as legal
from .choices import (
    AnswerKind,
    AnswerOutcome,
    AnswerStatus,
    AppealForm,
    AppealKind,
    AppealStatus,
    AuthorKind,
    DeliveryChannel,
    IntakeChannel,
    NoticeKind,
    QuestionResult,
    TypedGround,
)
from .classifier import classifier_nodes
from .models import (
    Answer,
    AnswerRating,
    AnswerTemplate,
    Appeal,
    AppealEvent,
    AppealSettings,
    Attachment,
    Author,
    ClassifierNode,
    Notice,
    Question,
    RegistrationCounter,
)

REGISTRAR_ROLES = (RoleCode.REGISTRAR, RoleCode.RECEPTION_OFFICER, RoleCode.CC_OPERATOR, RoleCode.SOCIAL_OPERATOR)
DECIDER_ROLES = (RoleCode.CONTROLLER, RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.UNIT_HEAD)
MAX_TEXT = 50_000
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 30 * 1024 * 1024
MAX_FILES = 10
ALLOWED_EXTENSIONS = frozenset(
    {"pdf", "jpg", "jpeg", "png", "tif", "tiff", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "zip"}
)
ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def terms_for(organisation: Organisation) -> legal.Terms:
    return legal.Terms(
        appeal_days=organisation.appeal_term_days,
        appeal_extension_max_days=organisation.appeal_extension_max_days,
        request_days=organisation.request_term_days,
        request_deferral_max_days=organisation.request_deferral_max_days,
        forward_days=organisation.forward_term_days,
        registration_days=organisation.registration_term_days,
        end_policy=organisation.term_end_policy,
    )


def access_code_hash(code: str) -> str:
    normalised = code.strip().upper().replace("-", "")
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def _new_access_code() -> str:
    raw = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def _format_number(template: str, *, sequence: int, year: int) -> str:
    try:
        return template.format(seq=sequence, year=year, yy=f"{year % 100:02d}")
    except (KeyError, IndexError, ValueError):
        return f"{sequence}/{year % 100:02d}"


def counter_next(organisation: Organisation, year: int, kind: str) -> int:
    """Take the next number of a yearly counter in one statement: the upsert locks the row until the commit,
    so concurrent registrations queue on it and never share a number (PostgreSQL and SQLite ≥ 3.35)."""
    table = connection.ops.quote_name(RegistrationCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organisation_id, year, kind, last) VALUES (%s, %s, %s, 1) "  # noqa: S608 - name only
            f"ON CONFLICT (organisation_id, year, kind) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [organisation.pk, year, kind],
        )
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


NUMBER_FORMATS: Memo[dict[str, str]] = Memo("number formats")  # read by every registration, changed by the admin


def number_formats(organisation: Organisation) -> dict[str, str]:
    """The organisation's number templates per kind (the defaults of 004 App. 1 when it has set none)."""

    def read() -> dict[str, str]:
        row = AppealSettings.objects.filter(organisation=organisation).first()
        if row is None:
            return {AppealKind.APPEAL: "{seq}-О/{yy}", AppealKind.REQUEST: "{seq}-З/{yy}"}
        return {AppealKind.APPEAL: row.appeal_number_format, AppealKind.REQUEST: row.request_number_format}

    return NUMBER_FORMATS.get(organisation.pk, read)


def _next_number(organisation: Organisation, kind: str, year: int) -> tuple[int, str]:
    """The next registration number of the year for this body and kind."""
    sequence = counter_next(organisation, year, kind)
    return sequence, _format_number(number_formats(organisation)[kind], sequence=sequence, year=year)


def section_codes(codes: Iterable[str]) -> str:
    """The classifier sections an appeal's questions belong to, as the queue filters them: "0001 0003"."""
    return " ".join(sorted({code for code in codes if code}))


def _normal(value: str) -> str:
    return re.sub(r"\s+", " ", (value or "").strip()).casefold()


@dataclass(frozen=True)
class AuthorData:
    kind: str = AuthorKind.PERSON
    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    organisation_name: str = ""
    email: str = ""
    phone: str = ""
    postal_address: str = ""

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> AuthorData:
        known = {name: str(data.get(name) or "").strip() for name in cls.__dataclass_fields__ if name != "kind"}
        kind = AuthorKind.ORGANISATION if known["organisation_name"] and not known["last_name"] else AuthorKind.PERSON
        return cls(kind=str(data.get("kind") or kind), **known)

    def identity_key(self) -> str:
        if self.email:
            return f"email:{_normal(self.email)}"
        if self.kind == AuthorKind.ORGANISATION:
            return f"org:{_normal(self.organisation_name)}|{_normal(self.postal_address)}"
        name = " ".join((self.last_name, self.first_name, self.middle_name))
        return f"person:{_normal(name)}|{_normal(self.postal_address)}"


AUTHOR_LIMITS = {
    "last_name": 150,
    "first_name": 150,
    "middle_name": 150,
    "organisation_name": 500,
    "email": 254,
    "phone": 50,
    "postal_address": 500,
}


def _validate_author(author: AuthorData) -> None:
    for name, limit in AUTHOR_LIMITS.items():
        if len(getattr(author, name)) > limit:
            raise ApplicationError(_("Не длиннее %(n)s знаков.") % {"n": limit}, field=f"author.{name}")
    if author.kind not in AuthorKind.values:
        raise ApplicationError(_("Неизвестный вид автора."), field="author.kind")
    if author.kind == AuthorKind.PERSON:
        if not author.last_name:
            raise ApplicationError(_("Укажите фамилию."), field="author.last_name")
        if not author.first_name:
            raise ApplicationError(_("Укажите имя."), field="author.first_name")
    elif not author.organisation_name:
        raise ApplicationError(_("Укажите наименование организации."), field="author.organisation_name")
    if author.email:
        try:
            validate_email(author.email)
        except ValidationError as exc:
            raise ApplicationError(_("Проверьте адрес электронной почты."), field="author.email") from exc
    if not author.email and not author.postal_address:
        raise ApplicationError(
            _("Укажите почтовый адрес или адрес электронной почты, по которому направить ответ."),
            field="author.email",
        )


def author_find_or_create(*, organisation: Organisation, data: AuthorData) -> Author:
    """The author who wrote before (same e-mail, or same name and address) is reused; new details are kept."""
    key = data.identity_key()
    author = Author.objects.filter(organisation=organisation, identity_key=key).first()
    if author is None:
        return Author.objects.create(organisation=organisation, identity_key=key, **data.__dict__)
    # Only blanks are filled in: what someone types must never change details an author gave before (an
    # e-mail address is not proof of identity); staff correct an author's details on the card.
    changed = [name for name, value in data.__dict__.items() if value and not getattr(author, name)]
    for name in changed:
        setattr(author, name, getattr(data, name))
    if changed:
        author.save(update_fields=[*changed, "updated_at"])
    return author


def _validate_files(files: Sequence[UploadedFile]) -> None:
    if len(files) > MAX_FILES:
        raise ApplicationError(_("Можно приложить не более %(n)s файлов.") % {"n": MAX_FILES}, field="attachments")
    total = 0
    for upload in files:
        name = upload.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in ALLOWED_EXTENSIONS:
            raise ApplicationError(
                _("Файл «%(name)s»: такой тип не принимается. Допустимы: %(types)s.")
                % {"name": name, "types": ", ".join(sorted(ALLOWED_EXTENSIONS))},
                field="attachments",
            )
        if (upload.size or 0) > MAX_FILE_BYTES:
            raise ApplicationError(_("Файл «%(name)s» больше 10 МБ.") % {"name": name}, field="attachments")
        total += upload.size or 0
    if total > MAX_TOTAL_BYTES:
        raise ApplicationError(_("Все файлы вместе — не более 30 МБ."), field="attachments")


@dataclass(frozen=True)
class Registration:
    appeal: Appeal
    access_code: str | None  # None when the same submission had already been registered
    duplicate: bool = False


def appeal_register(
    *,
    actor: User | None,
    organisation: Organisation,
    kind: str,
    channel: str,
    text: str,
    author: dict[str, Any],
    received_at: dt.datetime | None = None,
    registered_on: dt.date | None = None,
    form: str = "",
    is_collective: bool = False,
    questions: Sequence[dict[str, Any]] = (),
    representative_name: str = "",
    representative_authority: str = "",
    covering_letter: str = "",
    for_official_use: bool = False,
    attachments: Sequence[UploadedFile] = (),
    submission_key: str = "",
) -> Registration:
    """Register an appeal or request from any channel: number, dates, terms, author, questions, files, receipt."""
    staff = actor is not None and has_role(actor, organisation, *REGISTRAR_ROLES)
    if not staff:
        if channel not in (IntakeChannel.PORTAL, IntakeChannel.API):
            raise ApplicationError(_("Через этот канал обращение регистрирует сотрудник органа."), field="channel")
        if registered_on is not None:
            raise ApplicationError(_("Дату регистрации указывает только сотрудник органа."), field="registered_on")
    # A repeated submission key is caught by the unique constraint below (IntegrityError): asking first would cost
    # every registration a query to spare the rare repeat a rolled-back transaction.
    data = _validated(
        organisation=organisation,
        kind=kind,
        channel=channel,
        text=text,
        author=author,
        received_at=received_at,
        registered_on=registered_on,
        form=form,
        questions=questions,
        covering_letter=covering_letter,
        attachments=attachments,
    )
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            registration = _register(
                actor=actor,
                organisation=organisation,
                data=data,
                is_collective=is_collective,
                representative_name=representative_name.strip(),
                representative_authority=representative_authority.strip(),
                covering_letter=covering_letter.strip(),
                for_official_use=for_official_use,
                attachments=attachments,
                submission_key=submission_key,
                stored=stored,
            )
    except IntegrityError:
        _remove_files(stored)
        existing = Appeal.objects.filter(organisation=organisation, submission_key=submission_key).first()
        if submission_key and existing is not None:  # the same form arrived twice at the same moment
            return _repeated(existing, actor, text)
        raise
    except BaseException:
        _remove_files(stored)
        raise
    return registration


def _repeated(existing: Appeal, actor: User | None, text: str) -> Registration:
    """A repeated submission key: the same sender with the same text gets their appeal back; else refused."""
    same_sender = existing.registered_by_id == (actor.pk if actor is not None else None)
    if not same_sender or existing.text != (text or "").strip():
        raise ApplicationError(_("Этот ключ отправки уже использован. Отправьте форму заново."), field="submission_key")
    return Registration(existing, None, duplicate=True)


def _remove_files(stored: list[Attachment]) -> None:
    for attachment in stored:
        attachment.file.storage.delete(attachment.file.name)


def _validated(
    *,
    organisation: Organisation,
    kind: str,
    channel: str,
    text: str,
    author: dict[str, Any],
    received_at: dt.datetime | None,
    registered_on: dt.date | None,
    form: str,
    questions: Sequence[dict[str, Any]],
    covering_letter: str,
    attachments: Sequence[UploadedFile],
) -> dict[str, Any]:
    if kind not in AppealKind.values:
        raise ApplicationError(_("Вид — обращение или запрос информации."), field="kind")
    if channel not in IntakeChannel.values:
        raise ApplicationError(_("Неизвестный канал поступления."), field="channel")
    if form and form not in AppealForm.values:
        raise ApplicationError(_("Форма обращения — предложение, заявление или жалоба."), field="form")
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите текст обращения."), field="text")
    if len(text) > MAX_TEXT:
        raise ApplicationError(_("Текст длиннее %(n)s знаков — приложите его файлом.") % {"n": MAX_TEXT}, field="text")
    author_data = AuthorData.from_mapping(author or {})
    _validate_author(author_data)
    now = timezone.now()
    received_at = received_at or now
    if timezone.is_naive(received_at):
        raise ApplicationError(_("Укажите время поступления с часовым поясом."), field="received_at")
    if received_at > now + dt.timedelta(minutes=5):
        raise ApplicationError(_("Дата поступления не может быть в будущем."), field="received_at")
    received_on = timezone.localtime(received_at, organisation.tz).date()
    today = today_for(organisation, now=now)
    registered_on = registered_on or today
    if registered_on > today:
        raise ApplicationError(_("Дата регистрации не может быть в будущем."), field="registered_on")
    if registered_on < received_on:
        raise ApplicationError(_("Дата регистрации не может быть раньше поступления."), field="registered_on")
    if registered_on < today - dt.timedelta(days=366):
        raise ApplicationError(_("Дата регистрации не может быть раньше, чем год назад."), field="registered_on")
    if channel == IntakeChannel.FORWARDED and not covering_letter.strip():
        raise ApplicationError(
            _("Укажите реквизиты сопроводительного письма органа, переадресовавшего обращение."),
            field="covering_letter",
        )
    codes = [str(item.get("classifier_code") or "").strip() for item in questions]
    nodes = classifier_nodes(codes)
    for position, code in enumerate(codes):
        if code and code not in nodes:
            raise ApplicationError(
                _("Нет такой темы в классификаторе: %(code)s") % {"code": code},
                field=f"questions.{position}.classifier_code",
            )
    _validate_files(attachments)
    return {
        "kind": kind,
        "channel": channel,
        "form": form,
        "text": text,
        "author": author_data,
        "received_at": received_at,
        "received_on": received_on,
        "registered_on": registered_on,
        "questions": [
            (nodes.get(code), str(item.get("summary") or "").strip())
            for code, item in zip(codes, questions, strict=True)
        ],
    }


def _register(
    *,
    actor: User | None,
    organisation: Organisation,
    data: dict[str, Any],
    is_collective: bool,
    representative_name: str,
    representative_authority: str,
    covering_letter: str,
    for_official_use: bool,
    attachments: Sequence[UploadedFile],
    submission_key: str,
    stored: list[Attachment],
) -> Registration:
    calendar = calendar_for(organisation)
    terms = terms_for(organisation)
    registered_on = data["registered_on"]
    sequence, number = _next_number(organisation, data["kind"], registered_on.year)
    access_code = _new_access_code()
    due = legal.due_date(calendar, terms, kind=data["kind"], registered_on=registered_on)
    author = author_find_or_create(organisation=organisation, data=data["author"])
    appeal = Appeal.objects.create(
        organisation=organisation,
        section_codes=section_codes(node.section_code for node, _summary in data["questions"] if node),
        kind=data["kind"],
        form=data["form"],
        is_collective=is_collective,
        channel=data["channel"],
        received_at=data["received_at"],
        registered_on=registered_on,
        year=registered_on.year,
        sequence=sequence,
        number=number,
        access_code_hash=access_code_hash(access_code),
        late_registration=legal.registered_late(terms, received_on=data["received_on"], registered_on=registered_on),
        author=author,
        representative_name=representative_name,
        representative_authority=representative_authority,
        text=data["text"],
        due_date=due,
        governing_due_date=due,
        forward_due_date=legal.forward_due_date(calendar, terms, registered_on=registered_on),
        covering_letter=covering_letter,
        for_official_use=for_official_use,
        registered_by=actor,
        submission_key=submission_key,
    )
    Question.objects.bulk_create(
        [
            Question(
                appeal=appeal,
                position=position,
                classifier=node,
                summary=summary,
                section_code=node.section_code if node else "",
            )
            for position, (node, summary) in enumerate(data["questions"], start=1)
        ]
    )
    for upload in attachments:
        attachment = Attachment(
            appeal=appeal,
            name=upload.name or "file",
            size=upload.size or 0,
            content_type=getattr(upload, "content_type", "") or "",
        )
        attachment.file.save(upload.name or "file", upload, save=False)  # on disk before the commit
        stored.append(attachment)
        attachment.save()
    AppealEvent.objects.create(
        appeal=appeal,
        actor=actor,
        kind="registered",
        text=_("Зарегистрировано № %(n)s, канал: %(c)s") % {"n": number, "c": appeal.get_channel_display()},
    )
    audit_record(
        actor=actor,
        action="appeal.registered",
        obj=appeal,
        organisation=organisation,
        after={
            "number": number,
            "kind": appeal.kind,
            "channel": appeal.channel,
            "due_date": appeal.due_date.isoformat(),
            "late_registration": appeal.late_registration,
        },
    )
    notify_address(
        email=author.email,
        subject=_("%(org)s: ваше обращение зарегистрировано, № %(n)s") % {"org": organisation.short_name, "n": number},
        body=_acknowledgement(appeal, access_code),
    )
    return Registration(appeal, access_code)


def _acknowledgement(appeal: Appeal, access_code: str) -> str:
    organisation = appeal.organisation
    return _(
        "Здравствуйте!\n\n%(org)s получил(о) ваше %(what)s %(received)s и зарегистрировал(о) его "
        "%(registered)s под номером %(number)s.\n\nОтвет будет направлен не позднее %(due)s.\n\n"
        "Проверить, как идёт рассмотрение: %(url)s — номер %(number)s, код доступа %(code)s.\n\n"
        "Это письмо отправлено автоматически; отвечать на него не нужно."
    ) % {
        "org": organisation.name,
        "what": _("обращение") if appeal.kind == AppealKind.APPEAL else _("запрос"),
        "received": timezone.localtime(appeal.received_at, organisation.tz).strftime("%d.%m.%Y"),
        "registered": appeal.registered_on.strftime("%d.%m.%Y"),
        "number": appeal.number,
        "due": appeal.due_date.strftime("%d.%m.%Y"),
        "url": f"{settings.PUBLIC_BASE_URL}/o/{organisation.slug}/",
        "code": access_code,
    }


def _notice(appeal: Appeal, kind: str, text: str, due_by: dt.date | None) -> Notice:
    notice = Notice.objects.create(
        appeal=appeal, kind=kind, text=text, due_by=due_by, sent_by_email_to=appeal.author.email
    )
    notify_address(
        email=appeal.author.email,
        subject=_("%(org)s: обращение № %(n)s — %(what)s")
        % {"org": appeal.organisation.short_name, "n": appeal.number, "what": notice.get_kind_display().lower()},
        body=text,
    )
    return notice


OPEN_STATES = (AppealStatus.REGISTERED, AppealStatus.IN_WORK)


@transaction.atomic
def appeal_extend(*, actor: User, appeal: Appeal, days: int, reason: str) -> Appeal:
    """Extend the term once, by at most 30 days (8-FZ requests: defer by at most 15), with a notice to the author."""
    appeal = Appeal.objects.select_for_update().select_related("organisation", "author").get(pk=appeal.pk)
    organisation = appeal.organisation
    require_role(actor, organisation, *DECIDER_ROLES)
    if appeal.status not in OPEN_STATES:
        raise ApplicationError(_("Срок можно продлить только у обращения на рассмотрении."))
    if appeal.extended_due_date is not None:
        raise ApplicationError(
            _("Срок рассмотрения уже продлевался; продлить его можно только один раз."), field="days"
        )
    terms = terms_for(organisation)
    limit = legal.extension_limit(terms, kind=appeal.kind)
    if not isinstance(days, int) or not 1 <= days <= limit:
        raise ApplicationError(_("Продлить можно на срок от 1 до %(n)s дней.") % {"n": limit}, field="days")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Укажите основание продления."), field="reason")
    calendar = calendar_for(organisation)
    appeal.extended_due_date = legal.extended_due_date(calendar, terms, due=appeal.due_date, days=days)
    appeal.governing_due_date = appeal.extended_due_date
    appeal.extension_reason = reason
    appeal.save(update_fields=["extended_due_date", "governing_due_date", "extension_reason", "updated_at"])
    text = _("Срок рассмотрения вашего %(what)s № %(n)s от %(date)s продлён до %(due)s. Основание: %(reason)s") % {
        "what": _("обращения") if appeal.kind == AppealKind.APPEAL else _("запроса"),
        "n": appeal.number,
        "date": appeal.registered_on.strftime("%d.%m.%Y"),
        "due": appeal.extended_due_date.strftime("%d.%m.%Y"),
        "reason": reason,
    }
    notice_kind = NoticeKind.DEFERRAL if appeal.kind == AppealKind.REQUEST else NoticeKind.EXTENSION
    _notice(appeal, notice_kind, text, due_by=appeal.due_date)
    AppealEvent.objects.create(appeal=appeal, actor=actor, kind="extended", text=text)
    audit_record(
        actor=actor,
        action="appeal.extended",
        obj=appeal,
        organisation=organisation,
        before={"due_date": appeal.due_date.isoformat()},
        after={"extended_due_date": appeal.extended_due_date.isoformat(), "days": days, "reason": reason},
    )
    return appeal


@transaction.atomic
def appeal_forward(*, actor: User, appeal: Appeal, to_body: str, reason: str) -> Appeal:
    """Forward an out-of-competence appeal to the competent body, with a notice to the author (§6.7)."""
    appeal = Appeal.objects.select_for_update().select_related("organisation", "author").get(pk=appeal.pk)
    organisation = appeal.organisation
    require_role(actor, organisation, RoleCode.REGISTRAR, *DECIDER_ROLES)
    if appeal.status not in OPEN_STATES:
        raise ApplicationError(_("Переадресовать можно только обращение на рассмотрении."))
    to_body, reason = (to_body or "").strip(), (reason or "").strip()
    if not to_body:
        raise ApplicationError(_("Укажите орган, в компетенцию которого входит решение вопросов."), field="to_body")
    if not reason:
        raise ApplicationError(_("Укажите, почему вопросы не относятся к компетенции органа."), field="reason")
    today = today_for(organisation)
    appeal.status, appeal.forwarded_to, appeal.forwarded_at = AppealStatus.FORWARDED, to_body, timezone.now()
    appeal.save(update_fields=["status", "forwarded_to", "forwarded_at", "updated_at"])
    text = (
        _(
            "Ваше обращение № %(n)s от %(date)s переадресовано в %(body)s, так как %(reason)s. Ответ вам направит этот орган."
        )
        if appeal.kind == AppealKind.APPEAL
        else _(
            "Ваш запрос № %(n)s от %(date)s переадресован в %(body)s, так как %(reason)s. Ответ вам направит этот орган."
        )
    ) % {"n": appeal.number, "date": appeal.registered_on.strftime("%d.%m.%Y"), "body": to_body, "reason": reason}
    _notice(appeal, NoticeKind.FORWARDED, text, due_by=appeal.forward_due_date)
    late = today > appeal.forward_due_date
    AppealEvent.objects.create(
        appeal=appeal,
        actor=actor,
        kind="forwarded",
        text=text + (_(" Переадресовано с нарушением 7-дневного срока.") if late else ""),
    )
    audit_record(
        actor=actor,
        action="appeal.forwarded",
        obj=appeal,
        organisation=organisation,
        after={"to_body": to_body, "reason": reason, "late": late},
    )
    return appeal


@transaction.atomic
def appeal_notice_send(*, actor: User, appeal: Appeal, kind: str, explanation: str = "") -> Notice:
    """Tell the author that the essence cannot be determined or the text cannot be read (§6.8; 59-FZ art. 11)."""
    appeal = Appeal.objects.select_for_update().select_related("organisation", "author").get(pk=appeal.pk)
    require_role(actor, appeal.organisation, RoleCode.REGISTRAR, RoleCode.EXECUTOR, *DECIDER_ROLES)
    if kind not in (NoticeKind.ESSENCE_UNDETERMINABLE, NoticeKind.UNREADABLE):
        raise ApplicationError(_("Такое уведомление здесь не направляется."), field="kind")
    if appeal.status not in OPEN_STATES:
        raise ApplicationError(_("Уведомление направляется только по обращению на рассмотрении."))
    if appeal.notices.filter(kind=kind).exists():
        raise ApplicationError(_("Это уведомление уже направлено."), field="kind")
    base = (
        _(
            "Суть вашего обращения № %(n)s от %(date)s определить невозможно, поэтому ответ по существу не может быть дан."
        )
        if kind == NoticeKind.ESSENCE_UNDETERMINABLE
        else _("Текст вашего обращения № %(n)s от %(date)s не поддаётся прочтению, поэтому ответ на него не даётся.")
    ) % {"n": appeal.number, "date": appeal.registered_on.strftime("%d.%m.%Y")}
    text = f"{base} {explanation.strip()}".strip()
    notice = _notice(appeal, kind, text, due_by=appeal.forward_due_date)
    AppealEvent.objects.create(appeal=appeal, actor=actor, kind=f"notice:{kind}", text=text)
    audit_record(
        actor=actor, action=f"appeal.notice.{kind}", obj=appeal, organisation=appeal.organisation, after={"text": text}
    )
    return notice


# --- consideration: control, question results, answers, closing (R-AP-6, R-AP-8, R-AP-9) -------------------

SIGNER_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD)
APPROVER_ROLES = (RoleCode.UNIT_HEAD, RoleCode.CONTROLLER, *SIGNER_ROLES)
CLOSING_KINDS = (AnswerKind.FINAL, AnswerKind.TYPED)
DEFAULT_TYPED_TEXTS = {
    TypedGround.COURT_DECISION: "Ваше обращение № {number} от {date} содержит вопрос, по которому имеется вступившее в "
    "законную силу судебное решение. В соответствии с частью 2 статьи 11 Федерального закона от 02.05.2006 № 59-ФЗ "
    "обращение возвращается без рассмотрения по существу.",
    TypedGround.OBSCENE: "Ваше обращение № {number} от {date} содержит нецензурные либо оскорбительные выражения, угрозы "
    "жизни, здоровью и имуществу должностного лица. В соответствии с частью 3 статьи 11 Федерального закона № 59-ФЗ "
    "обращение оставлено без ответа по существу; сообщаем о недопустимости злоупотребления правом.",
    TypedGround.UNREADABLE: "Текст вашего обращения № {number} от {date} не поддаётся прочтению, поэтому ответ на него "
    "не дается (часть 4 статьи 11 Федерального закона № 59-ФЗ).",
    TypedGround.ESSENCE_UNDETERMINABLE: "Суть вашего обращения № {number} от {date} определить невозможно, поэтому "
    "ответ по существу не дается (часть 4.1 статьи 11 Федерального закона № 59-ФЗ).",
    TypedGround.REPEATED: "В вашем обращении № {number} от {date} содержится вопрос, на который вам неоднократно давались "
    "письменные ответы по существу, и не приводятся новые доводы или обстоятельства. Переписка с вами по данному "
    "вопросу прекращается (часть 5 статьи 11 Федерального закона № 59-ФЗ).",
    TypedGround.PUBLISHED: "Ответ на вопрос вашего обращения № {number} от {date} размещён на официальном сайте "
    "{organisation} в разделе «Часто задаваемые вопросы» (часть 4 статьи 10 Федерального закона № 59-ФЗ).",
    TypedGround.STATE_SECRET: "Ответ по существу вашего обращения № {number} от {date} не может быть дан без разглашения "
    "сведений, составляющих государственную или иную охраняемую федеральным законом тайну (часть 6 статьи 11 "
    "Федерального закона № 59-ФЗ).",
}


def _appeal_for_update(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().select_related("organisation", "author").get(pk=appeal.pk)


def _event_and_audit(appeal: Appeal, actor: User, kind: str, text: str, after: dict[str, Any] | None = None) -> None:
    AppealEvent.objects.create(appeal=appeal, actor=actor, kind=kind, text=text)
    audit_record(actor=actor, action=f"appeal.{kind}", obj=appeal, organisation=appeal.organisation, after=after)


@transaction.atomic
def appeal_take_on_control(*, actor: User, appeal: Appeal, executor: User, unit: Any = None) -> Appeal:
    """The official puts the appeal on control and names its executor; only this official may close it later."""
    appeal = _appeal_for_update(appeal)
    require_role(actor, appeal.organisation, *DECIDER_ROLES)
    if appeal.status not in OPEN_STATES:
        raise ApplicationError(_("Поставить на контроль можно только обращение на рассмотрении."))
    if not executor.memberships.filter(organisation=appeal.organisation, is_active=True).exists():
        raise ApplicationError(_("Исполнитель должен быть сотрудником органа."), field="executor")
    appeal.controller, appeal.executor, appeal.status = actor, executor, AppealStatus.IN_WORK
    appeal.unit = unit or getattr(executor.memberships.filter(organisation=appeal.organisation).first(), "unit", None)
    appeal.save(update_fields=["controller", "executor", "unit", "status", "updated_at"])
    _event_and_audit(
        appeal,
        actor,
        "on_control",
        _("Поставлено на контроль; исполнитель: %(e)s") % {"e": executor},
        {"executor": executor.pk, "controller": actor.pk},
    )
    return appeal


def _require_executor_or_controller(actor: User, appeal: Appeal) -> None:
    if actor.pk in (appeal.executor_id, appeal.controller_id):
        return
    require_role(actor, appeal.organisation, *DECIDER_ROLES)


@transaction.atomic
def question_result_set(*, actor: User, question: Question, result: str) -> Question:
    """Record the result of one question (supported, explained, not supported, measures taken, left unanswered)."""
    question = Question.objects.select_related("appeal__organisation").get(pk=question.pk)
    appeal = question.appeal
    _require_executor_or_controller(actor, appeal)
    if result not in QuestionResult.values:
        raise ApplicationError(_("Выберите результат рассмотрения вопроса."), field="result")
    if appeal.status == AppealStatus.CLOSED:
        raise ApplicationError(_("Рассмотрение обращения завершено; результаты не меняются."))
    question.result = result
    question.save(update_fields=["result"])
    _event_and_audit(
        appeal,
        actor,
        "question_result",
        _("Вопрос %(n)s: %(r)s") % {"n": question.position, "r": question.get_result_display()},
        {"question": question.pk, "result": result},
    )
    return question


def executor_mark(user: User) -> str:
    """The executor mark of 004 App. 1 §5.2–5.3: full name, phone and e-mail of the person who prepared the answer."""
    if not (user.full_name and user.phone and user.email):
        raise ApplicationError(
            _("Для отметки об исполнителе в профиле сотрудника нужны ФИО, телефон и электронная почта (п. 5.2)."),
            field="executor",
        )
    return f"{user.full_name}, {user.phone}, {user.email}"


def _default_delivery(appeal: Appeal) -> str:
    if appeal.for_official_use:
        return DeliveryChannel.REGISTERED_POST
    if appeal.channel in (IntakeChannel.POST, IntakeChannel.RECEPTION, IntakeChannel.FORWARDED):
        return (
            DeliveryChannel.POST if appeal.author.postal_address or not appeal.author.email else DeliveryChannel.EMAIL
        )
    if appeal.channel in (IntakeChannel.PORTAL, IntakeChannel.API, IntakeChannel.EPGU, IntakeChannel.POS):
        return DeliveryChannel.PORTAL
    return DeliveryChannel.EMAIL if appeal.author.email else DeliveryChannel.POST


def typed_answer_text(appeal: Appeal, ground: str) -> str:
    template = AnswerTemplate.objects.filter(organisation=appeal.organisation, ground=ground).first()
    text = template.text if template else DEFAULT_TYPED_TEXTS[TypedGround(ground)]
    return text.format(
        number=appeal.number,
        date=appeal.registered_on.strftime("%d.%m.%Y"),
        author=appeal.author,
        organisation=appeal.organisation.name,
    )


@transaction.atomic
def answer_draft(
    *,
    actor: User,
    appeal: Appeal,
    kind: str = AnswerKind.FINAL,
    text: str = "",
    outcome: str = "",
    solve_by: dt.date | None = None,
    typed_ground: str = "",
    delivery: str = "",
) -> Answer:
    """The executor drafts an answer; a typed answer takes the organisation's template for its ground."""
    appeal = _appeal_for_update(appeal)
    _require_executor_or_controller(actor, appeal)
    if appeal.status not in OPEN_STATES:
        raise ApplicationError(_("Ответ готовится только по обращению на рассмотрении."))
    if kind not in AnswerKind.values:
        raise ApplicationError(_("Неизвестный вид ответа."), field="kind")
    if kind == AnswerKind.TYPED:
        if typed_ground not in TypedGround.values:
            raise ApplicationError(_("Выберите основание типового ответа."), field="typed_ground")
        text = text.strip() or typed_answer_text(appeal, typed_ground)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите текст ответа."), field="text")
    if kind == AnswerKind.FINAL:
        if outcome not in AnswerOutcome.values:
            raise ApplicationError(
                _("Укажите итог: решён, будет решён к сроку, может быть решён или не может быть решён (п. 2.2)."),
                field="outcome",
            )
        if outcome == AnswerOutcome.WILL_BE_SOLVED and solve_by is None:
            raise ApplicationError(_("Укажите срок, к которому вопрос будет решён."), field="solve_by")
    delivery = delivery or _default_delivery(appeal)
    if delivery not in DeliveryChannel.values:
        raise ApplicationError(_("Неизвестный способ направления ответа."), field="delivery")
    if appeal.for_official_use and delivery != DeliveryChannel.REGISTERED_POST:
        raise ApplicationError(
            _("Ответ с пометкой «Для служебного пользования» направляется только заказным письмом (п. 2.4)."),
            field="delivery",
        )
    if delivery == DeliveryChannel.EMAIL and not appeal.author.email:
        raise ApplicationError(_("У автора нет адреса электронной почты."), field="delivery")
    if delivery in (DeliveryChannel.POST, DeliveryChannel.REGISTERED_POST) and not appeal.author.postal_address:
        raise ApplicationError(_("У автора нет почтового адреса."), field="delivery")
    answer = Answer.objects.create(
        appeal=appeal,
        kind=kind,
        typed_ground=typed_ground if kind == AnswerKind.TYPED else "",
        outcome=outcome if kind == AnswerKind.FINAL else "",
        solve_by=solve_by,
        text=text,
        delivery=delivery,
        executor=actor,
        executor_mark=executor_mark(actor),
    )
    _event_and_audit(
        appeal,
        actor,
        "answer_drafted",
        _("Подготовлен проект: %(k)s") % {"k": answer.get_kind_display()},
        {"answer": answer.pk, "kind": kind, "outcome": answer.outcome},
    )
    return answer


def _answer_for_update(answer: Answer) -> Answer:
    return Answer.objects.select_for_update().select_related("appeal__organisation", "appeal__author").get(pk=answer.pk)


@transaction.atomic
def answer_approve(*, actor: User, answer: Answer) -> Answer:
    answer = _answer_for_update(answer)
    require_role(actor, answer.appeal.organisation, *APPROVER_ROLES)
    if answer.status != AnswerStatus.DRAFT:
        raise ApplicationError(_("Согласовать можно только проект ответа."))
    answer.status, answer.approved_by = AnswerStatus.APPROVED, actor
    answer.save(update_fields=["status", "approved_by", "updated_at"])
    _event_and_audit(answer.appeal, actor, "answer_approved", _("Проект ответа согласован"), {"answer": answer.pk})
    return answer


@transaction.atomic
def answer_sign(*, actor: User, answer: Answer) -> Answer:
    """An authorised official signs; the answer gets its outgoing number, linked to the appeal (§4.1)."""
    answer = _answer_for_update(answer)
    organisation = answer.appeal.organisation
    require_role(actor, organisation, *SIGNER_ROLES)
    if answer.status != AnswerStatus.APPROVED:
        raise ApplicationError(_("Подписать можно только согласованный ответ."))
    today = today_for(organisation)
    outgoing = counter_next(organisation, today.year, "outgoing")
    answer.status, answer.signed_by, answer.signed_at = AnswerStatus.SIGNED, actor, timezone.now()
    answer.outgoing_number, answer.outgoing_date = f"{outgoing}-исх/{today.year % 100:02d}", today
    answer.save(update_fields=["status", "signed_by", "signed_at", "outgoing_number", "outgoing_date", "updated_at"])
    _event_and_audit(
        answer.appeal,
        actor,
        "answer_signed",
        _("Ответ подписан, исх. № %(n)s от %(d)s") % {"n": answer.outgoing_number, "d": today.strftime("%d.%m.%Y")},
        {"answer": answer.pk, "outgoing_number": answer.outgoing_number},
    )
    return answer


def _answer_email_body(answer: Answer, appeal: Appeal) -> str:
    """The answer, the executor mark and, for an answer on the merits, the signed link to rate it."""
    from .rating_links import rating_url

    body = f"{answer.text}\n\n{_('Исполнитель')}: {answer.executor_mark}"
    if answer.kind in CLOSING_KINDS:
        body += "\n\n" + _("Оцените, пожалуйста, ответ (от 1 до 5): %(url)s") % {"url": rating_url(appeal)}
    return body


@transaction.atomic
def answer_send(*, actor: User, answer: Answer) -> Answer:
    """Send a signed answer through the channel the appeal came by; a final answer moves the appeal to «answered»."""
    answer = _answer_for_update(answer)
    appeal = _appeal_for_update(answer.appeal)
    _require_executor_or_controller(actor, appeal)
    if answer.status != AnswerStatus.SIGNED:
        raise ApplicationError(_("Направить можно только подписанный ответ."))
    answer.status, answer.sent_at = AnswerStatus.SENT, timezone.now()
    answer.save(update_fields=["status", "sent_at", "updated_at"])
    if answer.kind in CLOSING_KINDS:
        appeal.status = AppealStatus.ANSWERED
        appeal.save(update_fields=["status", "updated_at"])
    if answer.delivery in (DeliveryChannel.EMAIL, DeliveryChannel.PORTAL) and appeal.author.email:
        notify_address(
            email=appeal.author.email,
            subject=_("%(org)s: ответ на обращение № %(n)s (исх. № %(o)s)")
            % {"org": appeal.organisation.short_name, "n": appeal.number, "o": answer.outgoing_number},
            body=_answer_email_body(answer, appeal),
        )
    _event_and_audit(
        appeal,
        actor,
        "answer_sent",
        _("Ответ исх. № %(n)s направлен: %(how)s")
        % {"n": answer.outgoing_number, "how": answer.get_delivery_display()},
        {"answer": answer.pk, "delivery": answer.delivery},
    )
    return answer


@transaction.atomic
def appeal_close(*, actor: User, appeal: Appeal) -> Appeal:
    """Only the official who put the appeal on control closes it, and only after a final answer on every question."""
    appeal = _appeal_for_update(appeal)
    if appeal.controller_id is None or appeal.controller_id != actor.pk:
        raise PermissionDeniedError(
            _("Завершить рассмотрение может только должностное лицо, поставившее обращение на контроль.")
        )
    if appeal.status == AppealStatus.CLOSED:
        raise ApplicationError(_("Рассмотрение уже завершено."))
    from otklik.assignments.selectors import open_assignments_exist  # lazy: assignments imports appeals

    if open_assignments_exist(appeal):
        raise ApplicationError(_("По обращению есть неисполненные поручения: сначала примите отчёты по ним."))
    sent = appeal.answers.filter(status=AnswerStatus.SENT)
    if not sent.filter(kind__in=CLOSING_KINDS).exists():
        if sent.exists():
            raise ApplicationError(_("Промежуточный ответ или запрос информации не завершают рассмотрение."))
        raise ApplicationError(_("Ответ по существу ещё не направлен."))
    questions = list(appeal.questions.all())
    if not questions:
        raise ApplicationError(_("Укажите вопросы обращения и результат по каждому."))
    open_questions = [q.position for q in questions if not q.result]
    if open_questions:
        raise ApplicationError(
            _("Нет результата по вопросам: %(q)s.") % {"q": ", ".join(str(p) for p in open_questions)}
        )
    appeal.status, appeal.closed_at = AppealStatus.CLOSED, timezone.now()
    appeal.save(update_fields=["status", "closed_at", "updated_at"])
    _event_and_audit(appeal, actor, "closed", _("Рассмотрение завершено"), {"closed_at": appeal.closed_at.isoformat()})
    return appeal


@transaction.atomic
def question_add(*, actor: User, appeal: Appeal, classifier_code: str, summary: str = "") -> Question:
    """Add a question coded by the thematic classifier (003 §8.6) to an appeal under consideration."""
    appeal = _appeal_for_update(appeal)
    if not has_role(actor, appeal.organisation, *REGISTRAR_ROLES, *DECIDER_ROLES, RoleCode.EXECUTOR):
        require_role(actor, appeal.organisation, *REGISTRAR_ROLES)
    if appeal.status not in OPEN_STATES:
        raise ApplicationError(_("Вопросы добавляются только к обращению на рассмотрении."))
    node = ClassifierNode.objects.filter(code=classifier_code.strip(), is_active=True).first()
    if node is None:
        raise ApplicationError(
            _("Нет такой темы в классификаторе: %(code)s") % {"code": classifier_code}, field="classifier_code"
        )
    if appeal.questions.filter(classifier=node).exists():
        raise ApplicationError(_("Вопрос с этой темой уже есть в обращении."), field="classifier_code")
    position = appeal.questions.count() + 1
    question = Question.objects.create(
        appeal=appeal, position=position, classifier=node, summary=summary.strip(), section_code=node.section_code
    )
    appeal.section_codes = section_codes([*appeal.section_codes.split(), node.section_code])
    appeal.save(update_fields=["section_codes", "updated_at"])
    _event_and_audit(
        appeal,
        actor,
        "question_added",
        _("Вопрос %(n)s: %(code)s %(name)s") % {"n": position, "code": node.code, "name": node.name},
        {"question": question.pk, "classifier_code": node.code},
    )
    return question


MAX_RATING_COMMENT = 2000


@transaction.atomic
def answer_rate(*, appeal: Appeal, score: int, comment: str = "", actor: User | None = None) -> AnswerRating:
    """The author rates the sent answer once: 1–5 and a comment; the rating feeds the satisfaction figures."""
    appeal = _appeal_for_update(appeal)
    if not appeal.answers.filter(status=AnswerStatus.SENT, kind__in=CLOSING_KINDS).exists():
        raise ApplicationError(_("Оценить можно только направленный ответ по существу."))
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise ApplicationError(_("Оценка — целое число от 1 до 5."), field="score")
    comment = (comment or "").strip()
    if len(comment) > MAX_RATING_COMMENT:
        raise ApplicationError(_("Комментарий — не длиннее 2000 знаков."), field="comment")
    if AnswerRating.objects.filter(appeal=appeal).exists():
        raise ApplicationError(_("Ответ уже оценён. Спасибо!"))
    rating = AnswerRating.objects.create(appeal=appeal, score=score, comment=comment)
    AppealEvent.objects.create(
        appeal=appeal, actor=actor, kind="answer_rated", text=_("Автор оценил ответ: %(s)s из 5") % {"s": score}
    )
    audit_record(
        actor=actor,
        action="appeal.answer_rated",
        obj=rating,
        organisation=appeal.organisation,
        after={"appeal": appeal.pk, "score": score},
    )
    return rating
