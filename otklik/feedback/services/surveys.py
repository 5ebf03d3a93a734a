"""Writes of surveys: creating a survey, changing how it is distributed, revising its questions, preset installs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import ChannelType
from otklik.orgs.models import Organisation, Unit, User
from otklik.orgs.permissions import require_role
from otklik.touchpoints.models import Process

from ..choices import Audience
from ..models import Question, Response, Survey, SurveyVersion
from ..questionnaire import QuestionSpec, check_specs
from ._common import MANAGER_ROLES, refuse_foreign_links

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


def specs_of(version: SurveyVersion) -> list[QuestionSpec]:
    """The questions of a version as specs, in order (what the builder, presets and answer checks compare)."""
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


def _refuse_empty_title(title: str) -> None:
    if not title.strip():
        raise ApplicationError(_("Укажите название опроса."), field="title")


def _version_matches(version: SurveyVersion, intro: str, specs: Sequence[QuestionSpec]) -> bool:
    """True when the version already asks exactly these questions after this intro."""
    return version.intro == intro and specs_of(version) == list(specs)


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
    _refuse_empty_title(title)
    if Survey.objects.filter(organisation=organisation, code=code).exists():
        raise ApplicationError(_("Опрос с кодом «%(c)s» уже есть.") % {"c": code}, field="code")
    refuse_foreign_links(organisation, process, unit)
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
        action=AuditAction.SURVEY_CREATED,
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
    refuse_foreign_links(survey.organisation, values.get("process"), values.get("unit"))
    before = snapshot(survey, fields=SURVEY_FIELDS)
    for name, value in values.items():
        setattr(survey, name, value)
    _refuse_empty_title(survey.title)
    after = snapshot(survey, fields=SURVEY_FIELDS)
    if after != before:
        survey.save()
        audit_record(
            actor=actor,
            action=AuditAction.SURVEY_CHANGED,
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
    current = survey.current_version
    assert current is not None
    if _version_matches(current, intro, questions):
        return current
    if current.responses.exists():
        version = SurveyVersion.objects.create(survey=survey, number=current.number + 1, intro=intro, created_by=actor)
        action = AuditAction.SURVEY_VERSION_CREATED
    else:
        version = current
        version.intro = intro
        version.save(update_fields=["intro", "updated_at"])
        version.questions.all().delete()
        action = AuditAction.SURVEY_QUESTIONS_CHANGED
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
    if _version_matches(current, intro, specs):
        return False
    survey_revise(actor=actor, survey=survey, intro=intro, questions=specs)
    return True
