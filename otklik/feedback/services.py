"""Writes of feedback: surveys and versions, invitations, responses, follow-up, rating import, publications."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from otklik.calendars.selectors import calendar_for, today_for
from otklik.core.audit import audit_record, snapshot
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.links import public_url
from otklik.notifications.services import notify_address, notify_staff
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Membership, Organisation, Unit, User
from otklik.orgs.permissions import has_role, require_role
from otklik.touchpoints.models import Process

from .choices import Audience, EventKind, FollowUpStatus, RatingSource
from .models import (
    Answer,
    FeedbackSettings,
    FollowUpTask,
    ImportedRating,
    Invitation,
    Publication,
    Question,
    RatingImport,
    Response,
    Survey,
    SurveyVersion,
)
from .questionnaire import QuestionSpec, check_answers, check_specs, negative_reasons

MANAGER_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD)
SURVEY_FIELDS = [
    "title",
    "audience",
    "is_anonymous",
    "is_public",
    "is_active",
    "ask_unit",
    "channel",
    "process",
    "unit",
]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def specs_of(version: SurveyVersion) -> list[QuestionSpec]:
    return [
        QuestionSpec(
            code=q.code,
            text=q.text,
            kind=q.kind,
            required=q.required,
            options=tuple(q.options),
            rows=tuple(q.rows),
            show_if_code=q.show_if_code,
            show_if_values=tuple(q.show_if_values),
            dimension=q.dimension,
        )
        for q in version.questions.order_by("position")
    ]


def settings_for(organisation: Organisation) -> FeedbackSettings:
    """The organisation's feedback settings; defaults (unsaved) until someone changes them."""
    found = FeedbackSettings.objects.filter(organisation=organisation).first()
    return found or FeedbackSettings(organisation=organisation)


def _check_specs_or_refuse(specs: Sequence[QuestionSpec]) -> None:
    problems = check_specs(specs)
    if problems:
        raise ApplicationError(" ".join(problems), field="questions", extra={"problems": problems})


def _write_questions(version: SurveyVersion, specs: Sequence[QuestionSpec]) -> None:
    Question.objects.bulk_create(
        [
            Question(
                version=version,
                position=position,
                code=spec.code,
                text=spec.text,
                kind=spec.kind,
                required=spec.required,
                options=list(spec.options),
                rows=list(spec.rows),
                show_if_code=spec.show_if_code,
                show_if_values=list(spec.show_if_values),
                dimension=spec.dimension,
            )
            for position, spec in enumerate(specs, start=1)
        ]
    )


def _check_links(organisation: Organisation, process: Process | None, unit: Unit | None) -> None:
    if process is not None and process.organisation_id != organisation.pk:
        raise ApplicationError(_("Процесс относится к другой организации."), field="process")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ApplicationError(_("Подразделение относится к другой организации."), field="unit")


@transaction.atomic
def survey_create(
    *,
    actor: User | None,
    organisation: Organisation,
    code: str,
    title: str,
    questions: Sequence[QuestionSpec],
    intro: str = "",
    audience: str = Audience.CLIENTS,
    is_anonymous: bool = True,
    is_public: bool = True,
    ask_unit: bool = False,
    channel: str = ChannelType.SITE,
    process: Process | None = None,
    unit: Unit | None = None,
    source: str = "",
) -> Survey:
    """A new survey with its first version (actor None: a preset or a command)."""
    if actor is not None:
        require_role(actor, organisation, *MANAGER_ROLES)
    if not title.strip():
        raise ApplicationError(_("Укажите название опроса."), field="title")
    if Survey.objects.filter(organisation=organisation, code=code).exists():
        raise ApplicationError(_("Опрос с кодом «%(c)s» уже есть.") % {"c": code}, field="code")
    _check_links(organisation, process, unit)
    _check_specs_or_refuse(questions)
    survey = Survey.objects.create(
        organisation=organisation,
        code=code,
        title=title.strip(),
        audience=audience,
        is_anonymous=is_anonymous,
        is_public=is_public,
        ask_unit=ask_unit,
        channel=channel,
        process=process,
        unit=unit,
        source=source,
    )
    version = SurveyVersion.objects.create(survey=survey, number=1, intro=intro, created_by=actor)
    _write_questions(version, questions)
    audit_record(
        actor=actor,
        action="feedback.survey.created",
        obj=survey,
        organisation=organisation,
        after={**snapshot(survey, fields=SURVEY_FIELDS), "questions": len(questions)},
    )
    return survey


@transaction.atomic
def survey_update(*, actor: User, survey: Survey, **values: Any) -> Survey:
    """Change how a survey is distributed; anonymity cannot change once someone has answered."""
    require_role(actor, survey.organisation, *MANAGER_ROLES)
    unknown = set(values) - set(SURVEY_FIELDS)
    if unknown:
        raise ValueError(f"unknown survey fields: {unknown}")
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    answered = Response.objects.filter(version__survey=survey).exists()
    if "is_anonymous" in values and values["is_anonymous"] != survey.is_anonymous and answered:
        raise ApplicationError(
            _("На опрос уже отвечали: анонимность изменить нельзя — создайте новый опрос."), field="is_anonymous"
        )
    if "audience" in values and values["audience"] != survey.audience and answered:
        raise ApplicationError(_("На опрос уже отвечали: аудиторию изменить нельзя."), field="audience")
    _check_links(survey.organisation, values.get("process"), values.get("unit"))
    before = snapshot(survey, fields=SURVEY_FIELDS)
    for name, value in values.items():
        setattr(survey, name, value)
    if not survey.title.strip():
        raise ApplicationError(_("Укажите название опроса."), field="title")
    after = snapshot(survey, fields=SURVEY_FIELDS)
    if after != before:
        survey.save()
        audit_record(
            actor=actor,
            action="feedback.survey.changed",
            obj=survey,
            organisation=survey.organisation,
            before=before,
            after=after,
        )
    return survey


@transaction.atomic
def survey_revise(
    *, actor: User | None, survey: Survey, intro: str, questions: Sequence[QuestionSpec]
) -> SurveyVersion:
    """Change the questions: in place while nobody has answered, otherwise as a new version (old answers stay)."""
    if actor is not None:
        require_role(actor, survey.organisation, *MANAGER_ROLES)
    _check_specs_or_refuse(questions)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    current = survey.versions.order_by("-number").first()
    assert current is not None
    if current.intro == intro and specs_of(current) == list(questions):
        return current
    if current.responses.exists():
        version = SurveyVersion.objects.create(survey=survey, number=current.number + 1, intro=intro, created_by=actor)
        action = "feedback.survey.version_created"
    else:
        version = current
        version.intro = intro
        version.save(update_fields=["intro", "updated_at"])
        version.questions.all().delete()
        action = "feedback.survey.questions_changed"
    _write_questions(version, questions)
    audit_record(
        actor=actor,
        action=action,
        obj=survey,
        organisation=survey.organisation,
        after={"version": version.number, "questions": [spec.code for spec in questions]},
    )
    return version


def survey_install(*, actor: User | None, organisation: Organisation, definition: Mapping[str, Any]) -> bool:
    """Create or bring up to date a survey described by a preset; True when something changed."""
    specs = [QuestionSpec.from_mapping(item, n) for n, item in enumerate(definition["questions"], start=1)]
    survey = Survey.objects.filter(organisation=organisation, code=definition["code"]).first()
    if survey is None:
        survey_create(
            actor=None,
            organisation=organisation,
            code=definition["code"],
            title=definition["title"],
            questions=specs,
            intro=definition.get("intro", ""),
            audience=definition.get("audience", Audience.CLIENTS),
            is_anonymous=definition.get("anonymous", True),
            is_public=definition.get("public", True),
            ask_unit=definition.get("ask_unit", False),
            channel=definition.get("channel", ChannelType.SITE),
            source=definition.get("source", ""),
        )
        return True
    current = survey.current_version
    assert current is not None
    intro = definition.get("intro", "")
    if current.intro == intro and specs_of(current) == specs:
        return False
    survey_revise(actor=actor, survey=survey, intro=intro, questions=specs)
    return True


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str
    path: str


@transaction.atomic
def invitation_issue(
    *,
    actor: User,
    survey: Survey,
    event_kind: str,
    event_id: str = "",
    event_description: str = "",
    email: str = "",
    process: Process | None = None,
    unit: Unit | None = None,
) -> IssuedInvitation:
    """A personal one-time link after an event; the token is shown (or e-mailed) once, only its hash is kept."""
    organisation = survey.organisation
    require_role(
        actor,
        organisation,
        *MANAGER_ROLES,
        RoleCode.UNIT_HEAD,
        RoleCode.EXECUTOR,
        RoleCode.CONTROLLER,
        RoleCode.REGISTRAR,
    )
    if event_kind not in EventKind.values:
        raise ApplicationError(_("Выберите, после какого события направляется опрос."), field="event_kind")
    if not survey.is_active:
        raise ApplicationError(_("Опрос не принимает ответы."))
    _check_links(organisation, process, unit)
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        survey=survey,
        token_hash=token_hash(token),
        event_kind=event_kind,
        event_id=event_id.strip()[:100],
        event_description=event_description.strip()[:500],
        channel=survey.channel,
        process=process or survey.process,
        unit=unit or survey.unit,
        issued_on=today_for(organisation),
        issued_by=actor,
    )
    path = reverse("feedback_public:invitation", kwargs={"slug": organisation.slug, "token": token})
    audit_record(
        actor=actor,
        action="feedback.invitation.issued",
        obj=invitation,
        organisation=organisation,
        after={"survey": survey.pk, "event_kind": event_kind, "event_id": invitation.event_id, "emailed": bool(email)},
    )
    if email:
        notify_address(
            email=email,
            subject=_("%(org)s: оцените, пожалуйста, наше взаимодействие") % {"org": organisation.short_name},
            body=_(
                "Здравствуйте!\n\nПросим ответить на несколько вопросов опроса «%(title)s» (%(anon)s). "
                "Ссылка действует один раз:\n%(url)s\n\n%(org)s"
            )
            % {
                "title": survey.title,
                "anon": _("анонимный") if survey.is_anonymous else _("не анонимный"),
                "url": public_url(path),
                "org": organisation.name,
            },
        )
    return IssuedInvitation(invitation, token, path)


@transaction.atomic
def invitations_send_to_staff(*, actor: User, survey: Survey) -> int:
    """E-mail every active employee with an address a personal one-time link to a staff survey (003 §10.6).

    One link per person keeps it to one answer each; the survey being anonymous, the answer keeps no trace of
    which link was used.
    """
    require_role(actor, survey.organisation, *MANAGER_ROLES)
    if survey.audience != Audience.STAFF:
        raise ApplicationError(_("Рассылка сотрудникам — только для опросов сотрудников."))
    people = User.objects.filter(
        memberships__organisation=survey.organisation, memberships__is_active=True, is_active=True
    ).exclude(email="")
    addresses = sorted({person.email for person in people})
    # random order: links are numbered as they are made, and a known order would tell whose link is whose
    random.shuffle(addresses)
    for address in addresses:
        invitation_issue(actor=actor, survey=survey, event_kind=EventKind.STAFF, email=address)
    return len(addresses)


def invitation_by_token(*, organisation: Organisation, token: str) -> Invitation | None:
    """The unused invitation behind a token (a read, kept here beside its hash rule)."""
    return (
        Invitation.objects.select_related("survey")
        .filter(survey__organisation=organisation, token_hash=token_hash(token), used=False)
        .first()
    )


def _responsible_for(organisation: Organisation, rules: FeedbackSettings) -> User | None:
    if rules.responsible_id and rules.responsible and rules.responsible.is_active:
        return rules.responsible
    for role in (RoleCode.CC_DEPUTY_HEAD, RoleCode.HEAD):
        membership = (
            Membership.objects.filter(organisation=organisation, is_active=True, roles__code=role, user__is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return membership.user
    return None


def _open_follow_up(*, response: Response, today: dt.date) -> FollowUpTask:
    organisation = response.organisation
    rules = settings_for(organisation)
    due = calendar_for(organisation).add_working_days(today, rules.follow_up_working_days)
    responsible = _responsible_for(organisation, rules)
    task = FollowUpTask.objects.create(
        organisation=organisation,
        survey=response.version.survey,
        response=response,
        reasons="\n".join(response.negative_reasons),
        responsible=responsible,
        opened_on=today,
        due_on=due,
    )
    response.follow_up_checked = True
    response.save(update_fields=["follow_up_checked"])
    audit_record(
        actor=None,
        action="feedback.follow_up.opened",
        obj=task,
        organisation=organisation,
        after={"due_on": due.isoformat(), "responsible": responsible.pk if responsible else None},
    )
    if responsible is not None:
        notify_staff(
            recipients=[responsible],
            subject=_("Негативная анкета: нужна отработка до %(d)s") % {"d": due.strftime("%d.%m.%Y")},
            body=_("По опросу «%(s)s» получена негативная анкета:\n%(r)s\n\nСрок отработки — %(d)s.")
            % {"s": task.survey.title, "r": task.reasons, "d": due.strftime("%d.%m.%Y")},
        )
    return task


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    raw_answers: Mapping[str, Any],
    submission_key: str,
    token: str = "",
    unit: Unit | None = None,
    respondent_name: str = "",
    contact_email: str = "",
    today: dt.date | None = None,
) -> Response:
    """Accept a questionnaire (public link or personal token). Anonymous: no person, token, time or address kept.

    A negative identified questionnaire opens its follow-up task at once; a negative anonymous one waits for the
    daily sweep, so no task's time tells when it was submitted.
    """
    organisation = survey.organisation
    if not submission_key or len(submission_key) > 64:
        raise ApplicationError(_("Форма устарела — откройте опрос ещё раз."), field="submission_key")
    duplicate = Response.objects.filter(submission_key=submission_key).first()
    if duplicate is not None:
        if duplicate.version.survey_id != survey.pk:
            raise ApplicationError(_("Форма устарела — откройте опрос ещё раз."), field="submission_key")
        return duplicate
    invitation = None
    if token:
        invitation = Invitation.objects.select_for_update().filter(survey=survey, token_hash=token_hash(token)).first()
        if invitation is None or invitation.used:
            raise ApplicationError(_("Эта персональная ссылка уже использована или недействительна."), field="token")
    elif not survey.is_public:
        raise ApplicationError(_("На этот опрос можно ответить только по персональной ссылке."), field="token")
    if not survey.is_active:
        raise ApplicationError(_("Опрос не принимает ответы."))
    version = survey.versions.order_by("-number").first()
    assert version is not None
    specs = specs_of(version)
    checked = check_answers(specs, raw_answers)
    if checked.errors:
        raise ApplicationError(
            _("Анкета не отправлена: проверьте ответы."), field="answers", extra={"errors": checked.errors}
        )
    if not checked.clean:
        raise ApplicationError(_("Ответьте хотя бы на один вопрос."), field="answers")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ApplicationError(_("Подразделение относится к другой организации."), field="unit")
    rules = settings_for(organisation)
    reasons = negative_reasons(specs, checked.clean, negative_below=rules.negative_below, stems=rules.stems())
    day = today or today_for(organisation)
    anonymous = survey.is_anonymous
    response = Response(
        organisation=organisation,
        version=version,
        submitted_on=day,
        channel=(invitation.channel if invitation and invitation.channel else survey.channel),
        process_id=(invitation.process_id if invitation and invitation.process_id else survey.process_id),
        unit_id=(invitation.unit_id if invitation and invitation.unit_id else (unit.pk if unit else survey.unit_id)),
        is_anonymous=anonymous,
        submission_key=submission_key,
        is_negative=bool(reasons),
        negative_reasons=reasons,
        follow_up_checked=not reasons,
    )
    if not anonymous:
        response.invitation = invitation
        response.respondent_name = respondent_name.strip()[:300]
        response.contact_email = contact_email.strip()[:254]
    try:
        with transaction.atomic():
            response.save(force_insert=True)
    except IntegrityError:  # the same form sent twice at once
        return Response.objects.get(submission_key=submission_key)
    by_code = {q.code: q for q in version.questions.all()}
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=by_code[code],
                score=clean.get("score"),
                text=clean.get("text", ""),
                choices=clean.get("choices"),
            )
            for code, clean in checked.clean.items()
        ]
    )
    if invitation is not None:
        invitation.used = True
        invitation.save(update_fields=["used"])
    if anonymous:
        # names neither the response, the person, nor the token: only that the survey got an answer
        audit_record(actor=None, action="feedback.response.anonymous", obj=survey, organisation=organisation)
    else:
        audit_record(
            actor=None,
            action="feedback.response.received",
            obj=response,
            organisation=organisation,
            after={"survey": survey.pk, "invitation": invitation.pk if invitation else None, "negative": bool(reasons)},
        )
        if reasons:
            _open_follow_up(response=response, today=day)
    return response


@transaction.atomic
def follow_up_anonymous_open(*, organisation: Organisation, today: dt.date) -> int:
    """Open tasks for negative anonymous questionnaires of earlier days, in random order (the daily sweep)."""
    pending = list(
        Response.objects.select_related("version__survey", "organisation")
        .select_for_update()
        .filter(organisation=organisation, is_negative=True, follow_up_checked=False, submitted_on__lt=today)
    )
    random.shuffle(pending)
    for response in pending:
        _open_follow_up(response=response, today=today)
    return len(pending)


@transaction.atomic
def follow_up_overdue_remind(*, organisation: Organisation, today: dt.date) -> int:
    """Tell the responsible person and the managers, once per task, that a follow-up is past its deadline."""
    overdue = list(
        FollowUpTask.objects.select_for_update(of=("self",))
        .select_related("survey", "responsible")
        .filter(organisation=organisation, status=FollowUpStatus.OPEN, due_on__lt=today, overdue_reminded=False)
    )
    if not overdue:
        return 0
    managers = list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__roles__code__in=MANAGER_ROLES,
        ).distinct()
    )
    for task in overdue:
        recipients = {*managers, *([task.responsible] if task.responsible else [])}
        notify_staff(
            recipients=recipients,
            subject=_("Просрочена отработка негативной анкеты"),
            body=_("Срок отработки анкеты по опросу «%(s)s» истёк %(d)s.\n%(r)s")
            % {"s": task.survey.title, "d": task.due_on.strftime("%d.%m.%Y"), "r": task.reasons},
        )
        task.overdue_reminded = True
        task.save(update_fields=["overdue_reminded", "updated_at"])
        audit_record(actor=None, action="feedback.follow_up.overdue_reminded", obj=task, organisation=organisation)
    return len(overdue)


def can_close_follow_up(user: User, task: FollowUpTask) -> bool:
    return task.responsible_id == user.pk or has_role(user, task.organisation, *MANAGER_ROLES)


@transaction.atomic
def follow_up_close(*, actor: User, task: FollowUpTask, measures: str) -> FollowUpTask:
    """Close a follow-up task with the measures taken (000 §6.2)."""
    task = FollowUpTask.objects.select_for_update().select_related("organisation").get(pk=task.pk)
    if not can_close_follow_up(actor, task):
        raise PermissionDeniedError(_("Закрыть задачу может ответственный или руководитель."))
    if task.status != FollowUpStatus.OPEN:
        raise ApplicationError(_("Задача уже закрыта."))
    if len(measures.strip()) < 10:
        raise ApplicationError(_("Опишите принятые меры (не короче 10 знаков)."), field="measures")
    task.status = FollowUpStatus.CLOSED
    task.measures = measures.strip()
    task.closed_on = today_for(task.organisation)
    task.closed_by = actor
    task.save()
    audit_record(
        actor=actor,
        action="feedback.follow_up.closed",
        obj=task,
        organisation=task.organisation,
        after={"measures": task.measures, "closed_on": task.closed_on.isoformat()},
    )
    return task


@transaction.atomic
def feedback_settings_update(
    *,
    actor: User,
    organisation: Organisation,
    negative_below: int,
    follow_up_working_days: int,
    complaint_stems: str,
    responsible: User | None,
) -> FeedbackSettings:
    require_role(actor, organisation, *MANAGER_ROLES)
    if not 2 <= negative_below <= 5:
        raise ApplicationError(_("Порог должен быть от 2 до 5."), field="negative_below")
    if not 1 <= follow_up_working_days <= 30:
        raise ApplicationError(_("Срок — от 1 до 30 рабочих дней."), field="follow_up_working_days")
    if (
        responsible is not None
        and not Membership.objects.filter(organisation=organisation, user=responsible, is_active=True).exists()
    ):
        raise ApplicationError(_("Ответственный должен работать в организации."), field="responsible")
    rules, _created = FeedbackSettings.objects.select_for_update().get_or_create(organisation=organisation)
    fields = ["negative_below", "follow_up_working_days", "complaint_stems", "responsible"]
    before = snapshot(rules, fields=fields)
    rules.negative_below = negative_below
    rules.follow_up_working_days = follow_up_working_days
    rules.complaint_stems = "\n".join(line.strip() for line in complaint_stems.splitlines() if line.strip())
    rules.responsible = responsible
    rules.save()
    audit_record(
        actor=actor,
        action="feedback.settings.changed",
        obj=rules,
        organisation=organisation,
        before=before,
        after=snapshot(rules, fields=fields),
    )
    return rules


# ---- import of EPGU / POS ratings -------------------------------------------------------------------------

IMPORT_COLUMNS = ("external_id", "date", "score", "service", "process", "unit", "comment")


@dataclass(frozen=True)
class ImportResult:
    created: int
    already_loaded: int
    batch: RatingImport | None


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ApplicationError(_("Файл не в кодировке UTF-8 или Windows-1251."), field="file")


def _parse_day(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, not a moment)
        except ValueError:
            continue
    return None


@transaction.atomic
def ratings_import(
    *, actor: User, organisation: Organisation, source: str, file_name: str, content: bytes
) -> ImportResult:
    """Load a CSV of ratings: every row is checked first; one bad row rejects the whole file; reruns add nothing."""
    require_role(actor, organisation, *MANAGER_ROLES)
    if source not in RatingSource.values:
        raise ApplicationError(_("Выберите источник оценок."), field="source")
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    if tuple(header) != IMPORT_COLUMNS:
        raise ApplicationError(
            _("строка 1: ожидаются столбцы %(cols)s") % {"cols": delimiter.join(IMPORT_COLUMNS)},
            field="file",
            extra={"errors": [_("строка 1: ожидаются столбцы %(cols)s") % {"cols": delimiter.join(IMPORT_COLUMNS)}]},
        )
    processes = {str(p.position): p for p in Process.objects.filter(organisation=organisation)}
    units = {u.code: u for u in Unit.objects.filter(organisation=organisation)}
    today = today_for(organisation)
    errors: list[str] = []
    rows: list[ImportedRating] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        problems = []
        if len(cells) != len(IMPORT_COLUMNS):
            errors.append(
                _("строка %(n)s: столбцов %(got)s, а нужно %(want)s")
                % {"n": line, "got": len(cells), "want": len(IMPORT_COLUMNS)}
            )
            continue
        external_id, day_text, score_text, service, process_no, unit_code, comment = (c.strip() for c in cells)
        if not external_id or len(external_id) > 100:
            problems.append(_("нет идентификатора оценки (или он длиннее 100 знаков)"))
        elif external_id in seen:
            problems.append(
                _("идентификатор %(id)s уже был в строке %(n)s") % {"id": external_id, "n": seen[external_id]}
            )
        else:
            seen[external_id] = line
        day = _parse_day(day_text)
        if day is None:
            problems.append(_("дата «%(d)s» не в формате ГГГГ-ММ-ДД или ДД.ММ.ГГГГ") % {"d": day_text})
        elif day > today:
            problems.append(_("дата %(d)s ещё не наступила") % {"d": day.strftime("%d.%m.%Y")})
        if score_text not in ("1", "2", "3", "4", "5"):
            problems.append(_("оценка «%(s)s» — нужна цифра от 1 до 5") % {"s": score_text})
        if process_no and process_no not in processes:
            problems.append(_("нет процесса № %(p)s в перечне") % {"p": process_no})
        if unit_code and unit_code not in units:
            problems.append(_("нет подразделения с кодом «%(u)s»") % {"u": unit_code})
        if problems:
            errors.append(_("строка %(n)s: %(p)s") % {"n": line, "p": "; ".join(problems)})
            continue
        assert day is not None
        rows.append(
            ImportedRating(
                organisation=organisation,
                source=source,
                external_id=external_id,
                rated_on=day,
                score=int(score_text),
                service=service[:500],
                process=processes.get(process_no),
                unit=units.get(unit_code),
                comment=comment,
            )
        )
    if errors:
        raise ApplicationError(
            _("Файл не загружен: ошибок — %(n)s. Исправьте их и загрузите файл целиком ещё раз.") % {"n": len(errors)},
            field="file",
            extra={"errors": errors},
        )
    if not rows:
        raise ApplicationError(_("В файле нет ни одной оценки."), field="file", extra={"errors": []})
    known = set(
        ImportedRating.objects.filter(
            organisation=organisation, source=source, external_id__in=[row.external_id for row in rows]
        ).values_list("external_id", flat=True)
    )
    new_rows = [row for row in rows if row.external_id not in known]
    if not new_rows:
        return ImportResult(0, len(rows), None)
    batch = RatingImport.objects.create(
        organisation=organisation,
        source=source,
        file_name=file_name[:300],
        rows_total=len(rows),
        rows_created=len(new_rows),
        imported_by=actor,
    )
    for row in new_rows:
        row.batch = batch
    ImportedRating.objects.bulk_create(new_rows)
    audit_record(
        actor=actor,
        action="feedback.ratings.imported",
        obj=batch,
        organisation=organisation,
        after={"source": source, "created": len(new_rows), "already_loaded": len(known)},
    )
    return ImportResult(len(new_rows), len(known), batch)


# ---- «you said — we did» ----------------------------------------------------------------------------------


@transaction.atomic
def publication_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    said: str,
    did: str,
    surveys: Iterable[Survey] = (),
    follow_ups: Iterable[FollowUpTask] = (),
) -> Publication:
    require_role(actor, organisation, *MANAGER_ROLES)
    for name, value in (("title", title), ("said", said), ("did", did)):
        if not value.strip():
            raise ApplicationError(_("Заполните это поле."), field=name)
    surveys = list(surveys)
    follow_ups = list(follow_ups)
    if any(s.organisation_id != organisation.pk for s in surveys) or any(
        t.organisation_id != organisation.pk for t in follow_ups
    ):
        raise ApplicationError(_("Опрос или анкета относятся к другой организации."))
    publication = Publication.objects.create(
        organisation=organisation, title=title.strip(), said=said.strip(), did=did.strip(), created_by=actor
    )
    publication.surveys.set(surveys)
    publication.follow_ups.set(follow_ups)
    audit_record(
        actor=actor,
        action="feedback.publication.created",
        obj=publication,
        organisation=organisation,
        after={
            "title": publication.title,
            "surveys": [s.pk for s in surveys],
            "follow_ups": [t.pk for t in follow_ups],
        },
    )
    return publication


def _respondent_addresses(publication: Publication) -> list[str]:
    """Addresses of identified respondents whose questionnaires the publication cites (anonymous ones have none)."""
    responses = Response.objects.filter(is_anonymous=False).exclude(contact_email="")
    by_survey = responses.filter(version__survey__in=publication.surveys.all())
    by_task = responses.filter(follow_up__in=publication.follow_ups.all())
    emails = set(by_survey.values_list("contact_email", flat=True)) | set(
        by_task.values_list("contact_email", flat=True)
    )
    return sorted(emails)


@transaction.atomic
def publication_publish(*, actor: User, publication: Publication) -> Publication:
    """Put the publication on the portal and tell the respondents who left an address (003 §10.7)."""
    publication = Publication.objects.select_for_update().select_related("organisation").get(pk=publication.pk)
    organisation = publication.organisation
    require_role(actor, organisation, *MANAGER_ROLES)
    if publication.published_on is not None:
        raise ApplicationError(_("Публикация уже размещена."))
    publication.published_on = today_for(organisation)
    addresses = _respondent_addresses(publication)
    url = public_url(reverse("feedback_public:we_did", kwargs={"slug": organisation.slug}))
    for address in addresses:
        notify_address(
            email=address,
            subject=_("%(org)s: что изменилось по вашему отзыву") % {"org": organisation.short_name},
            body=_("Здравствуйте!\n\nВы участвовали в опросе. Вот что мы сделали:\n\n%(title)s\n\n%(did)s\n\n%(url)s")
            % {"title": publication.title, "did": publication.did, "url": url},
        )
    publication.notified_count = len(addresses)
    publication.save(update_fields=["published_on", "notified_count", "updated_at"])
    audit_record(
        actor=actor,
        action="feedback.publication.published",
        obj=publication,
        organisation=organisation,
        after={"published_on": publication.published_on.isoformat(), "notified": len(addresses)},
    )
    return publication
