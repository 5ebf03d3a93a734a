"""Registration of appeals and requests from every channel: number, dates, terms, author, questions, files (R-AP-1/2)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.calendars.selectors import calendar_for, today_for
from otklik.core.errors import ApplicationError
from otklik.core.links import public_url
from otklik.core.memo import Memo
from otklik.core.numbering import counter_next, format_number
from otklik.core.submission_keys import submission_key_scoped
from otklik.core.uploads import validate_uploads
from otklik.notifications.message_templates import RenderedMessage, render_message
from otklik.notifications.services import notify_address
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import has_role

from .. import events
from .. import terms as legal
from ..choices import (
    AppealForm,
    AppealKind,
    AuthorKind,
    IntakeChannel,
)
from ..classifier import classifier_nodes
from ..intake import (
    AUTHOR_FIELDS,
    MAX_TEXT,
    AppealIntake,
    AuthorData,
    IntakeQuestion,
    Representative,
    author_limit,
)
from ..intake_hooks import run_after_registration
from ..mail_threads import mail_thread_for
from ..message_events import APPEAL_REGISTERED
from ..models import (
    Appeal,
    AppealSettings,
    Attachment,
    Author,
    ClassifierNode,
    Question,
)
from ..workflow import REGISTRAR_ROLES
from .common import section_codes, terms_for

ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def access_code_hash(code: str) -> str:
    normalised = code.strip().upper().replace("-", "")
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def _new_access_code() -> str:
    raw = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


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
    sequence = counter_next(organisation_id=organisation.pk, year=year, kind=kind)
    return sequence, format_number(number_formats(organisation)[kind], sequence=sequence, year=year)


def _validate_author(author: AuthorData) -> None:
    for name in AUTHOR_FIELDS:
        if len(getattr(author, name)) > (limit := author_limit(name)):
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


@dataclass(frozen=True)
class Registration:
    appeal: Appeal
    access_code: str | None  # None when the same submission had already been registered
    duplicate: bool = False


def appeal_register(*, actor: User | None, organisation: Organisation, intake: AppealIntake) -> Registration:
    """Register an appeal or request from any channel: number, dates, terms, author, questions, files, receipt."""
    staff = actor is not None and has_role(actor, organisation, *REGISTRAR_ROLES)
    if not staff:
        if intake.channel not in (IntakeChannel.PORTAL, IntakeChannel.API):
            raise ApplicationError(_("Через этот канал обращение регистрирует сотрудник органа."), field="channel")
        if intake.registered_on is not None:
            raise ApplicationError(_("Дату регистрации указывает только сотрудник органа."), field="registered_on")
    # A repeated submission key is caught by the unique constraint below (IntegrityError): asking first would cost
    # every registration a query to spare the rare repeat a rolled-back transaction.
    data = _validated(organisation=organisation, intake=intake, sender=_sender(actor, intake))
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            registration = _register(actor=actor, organisation=organisation, data=data, stored=stored)
    except IntegrityError:
        _remove_files(stored)
        submission_key = data.submission_key
        existing = Appeal.objects.filter(organisation=organisation, submission_key=submission_key).first()
        if submission_key and existing is not None:  # the same form arrived twice at the same moment
            return _repeated(existing, actor, data.text)
        raise
    except BaseException:
        _remove_files(stored)
        raise
    return registration


def _sender(actor: User | None, intake: AppealIntake) -> str:
    """Whose submission key it is: the staff member, else the application its adapter named, else the author.

    Keys are stored per sender (core.submission_keys), so that a key reused by anyone else is a new submission
    of theirs, never a way to someone else's appeal.
    """
    if actor is not None:
        return f"user:{actor.pk}"
    return intake.sender or f"author:{intake.author.stripped().identity_key()}"


def _repeated(existing: Appeal, actor: User | None, text: str) -> Registration:
    """A repeated submission key: the same sender with the same text gets their appeal back; else refused."""
    same_sender = existing.registered_by_id == (actor.pk if actor is not None else None)
    if not same_sender or existing.text != (text or "").strip():
        raise ApplicationError(_("Этот ключ отправки уже использован. Отправьте форму заново."), field="submission_key")
    return Registration(existing, None, duplicate=True)


def _remove_files(stored: list[Attachment]) -> None:
    for attachment in stored:
        attachment.file.storage.delete(attachment.file.name)


@dataclass(frozen=True)
class _Checked:
    """An intake that passed every check, trimmed, with its dates settled and its themes found."""

    kind: str
    channel: str
    form: str
    text: str
    author: AuthorData
    received_at: dt.datetime
    received_on: dt.date  # in the organisation's timezone
    registered_on: dt.date
    questions: tuple[tuple[ClassifierNode | None, str], ...]
    attachments: tuple[UploadedFile, ...]
    is_collective: bool
    representative: Representative
    covering_letter: str
    for_official_use: bool
    submission_key: str


def _validated(*, organisation: Organisation, intake: AppealIntake, sender: str) -> _Checked:
    submission_key = submission_key_scoped(intake.submission_key, sender=sender)
    if intake.kind not in AppealKind.values:
        raise ApplicationError(_("Вид — обращение или запрос информации."), field="kind")
    if intake.channel not in IntakeChannel.values:
        raise ApplicationError(_("Неизвестный канал поступления."), field="channel")
    if intake.form and intake.form not in AppealForm.values:
        raise ApplicationError(_("Форма обращения — предложение, заявление или жалоба."), field="form")
    text = (intake.text or "").strip()
    if not text:
        raise ApplicationError(_("Напишите текст обращения."), field="text")
    if len(text) > MAX_TEXT:
        raise ApplicationError(_("Текст длиннее %(n)s знаков — приложите его файлом.") % {"n": MAX_TEXT}, field="text")
    author = intake.author.stripped()
    _validate_author(author)
    received_at, received_on, registered_on = _validated_dates(organisation, intake)
    covering_letter = intake.covering_letter.strip()
    if intake.channel == IntakeChannel.FORWARDED and not covering_letter:
        raise ApplicationError(
            _("Укажите реквизиты сопроводительного письма органа, переадресовавшего обращение."),
            field="covering_letter",
        )
    questions = _validated_questions(intake.questions)
    validate_uploads(intake.attachments)
    return _Checked(
        kind=intake.kind,
        channel=intake.channel,
        form=intake.form,
        text=text,
        author=author,
        received_at=received_at,
        received_on=received_on,
        registered_on=registered_on,
        questions=questions,
        attachments=intake.attachments,
        is_collective=intake.is_collective,
        representative=Representative(intake.representative.name.strip(), intake.representative.authority.strip()),
        covering_letter=covering_letter,
        for_official_use=intake.for_official_use,
        submission_key=submission_key,
    )


def _validated_dates(organisation: Organisation, intake: AppealIntake) -> tuple[dt.datetime, dt.date, dt.date]:
    """When it arrived (now if not given), that day in the body's timezone, and the day of registration."""
    now = timezone.now()
    received_at = intake.received_at or now
    if timezone.is_naive(received_at):
        raise ApplicationError(_("Укажите время поступления с часовым поясом."), field="received_at")
    if received_at > now + dt.timedelta(minutes=5):
        raise ApplicationError(_("Дата поступления не может быть в будущем."), field="received_at")
    received_on = timezone.localtime(received_at, organisation.tz).date()
    today = today_for(organisation, now=now)
    registered_on = intake.registered_on or today
    if registered_on > today:
        raise ApplicationError(_("Дата регистрации не может быть в будущем."), field="registered_on")
    if registered_on < received_on:
        raise ApplicationError(_("Дата регистрации не может быть раньше поступления."), field="registered_on")
    if registered_on < today - dt.timedelta(days=366):
        raise ApplicationError(_("Дата регистрации не может быть раньше, чем год назад."), field="registered_on")
    return received_at, received_on, registered_on


def _validated_questions(
    questions: Sequence[IntakeQuestion],
) -> tuple[tuple[ClassifierNode | None, str], ...]:
    """Each question's theme in the classifier (none when no code is given) and its trimmed summary."""
    codes = [(item.classifier_code or "").strip() for item in questions]
    nodes = classifier_nodes(codes)
    for position, code in enumerate(codes):
        if code and code not in nodes:
            raise ApplicationError(
                _("Нет такой темы в классификаторе: %(code)s") % {"code": code},
                field=f"questions.{position}.classifier_code",
            )
    return tuple((nodes.get(code), (item.summary or "").strip()) for code, item in zip(codes, questions, strict=True))


def _register(
    *, actor: User | None, organisation: Organisation, data: _Checked, stored: list[Attachment]
) -> Registration:
    calendar = calendar_for(organisation)
    terms = terms_for(organisation)
    registered_on = data.registered_on
    sequence, number = _next_number(organisation, data.kind, registered_on.year)
    access_code = _new_access_code()
    due = legal.due_date(calendar, terms, kind=data.kind, registered_on=registered_on)
    author = author_find_or_create(organisation=organisation, data=data.author)
    appeal = Appeal.objects.create(
        organisation=organisation,
        section_codes=section_codes(node.section_code for node, _summary in data.questions if node),
        kind=data.kind,
        form=data.form,
        is_collective=data.is_collective,
        channel=data.channel,
        received_at=data.received_at,
        registered_on=registered_on,
        year=registered_on.year,
        sequence=sequence,
        number=number,
        access_code_hash=access_code_hash(access_code),
        late_registration=legal.registered_late(terms, received_on=data.received_on, registered_on=registered_on),
        author=author,
        representative_name=data.representative.name,
        representative_authority=data.representative.authority,
        text=data.text,
        due_date=due,
        governing_due_date=due,
        forward_due_date=legal.forward_due_date(calendar, terms, registered_on=registered_on),
        covering_letter=data.covering_letter,
        for_official_use=data.for_official_use,
        registered_by=actor,
        submission_key=data.submission_key,
    )
    _create_questions(appeal, data.questions)
    for upload in data.attachments:
        attachment = Attachment(
            appeal=appeal,
            name=upload.name or "file",
            size=upload.size or 0,
            content_type=getattr(upload, "content_type", "") or "",
        )
        attachment.file.save(upload.name or "file", upload, save=False)  # on disk before the commit
        stored.append(attachment)
        attachment.save()
    events.registered(appeal=appeal, actor=actor)
    run_after_registration(appeal)
    acknowledgement = _acknowledgement(appeal, access_code)
    notify_address(
        email=author.email,
        subject=acknowledgement.subject,
        body=acknowledgement.body,
        about=appeal,
        thread=mail_thread_for(appeal),
    )
    return Registration(appeal, access_code)


def _create_questions(appeal: Appeal, questions: Sequence[tuple[ClassifierNode | None, str]]) -> None:
    Question.objects.bulk_create(
        [
            Question(
                appeal=appeal,
                position=position,
                classifier=node,
                summary=summary,
                section_code=node.section_code if node else "",
            )
            for position, (node, summary) in enumerate(questions, start=1)
        ]
    )


def _acknowledgement(appeal: Appeal, access_code: str) -> RenderedMessage:
    """The acknowledgement from the body's template of «appeals.registered» (by default, the text sent before templates)."""
    organisation = appeal.organisation
    return render_message(
        organisation=organisation,
        event=APPEAL_REGISTERED.code,
        values={
            "what": _("обращение") if appeal.kind == AppealKind.APPEAL else _("запрос"),
            "received": timezone.localtime(appeal.received_at, organisation.tz).strftime("%d.%m.%Y"),
            "registered": appeal.registered_on.strftime("%d.%m.%Y"),
            "number": appeal.number,
            "due": appeal.due_date.strftime("%d.%m.%Y"),
            "url": public_url(f"/o/{organisation.slug}/"),
            "code": access_code,
        },
    )
