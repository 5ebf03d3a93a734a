"""Answers to surveys: accepting a questionnaire by public link or personal code; anonymous ones through the buffer.

An identified answer is written at once with its link, in one transaction. An anonymous one never shares a
transaction with its link: the link is used up in one (`invitation_redeem`), the answer is sealed into the anonymous
buffer in another, and the sweep writes it out with others in a shuffled batch (`anonymous_responses_write`), auditing
each survey's count per day — never the moment of one answer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from otklik.calendars.selectors import today_for
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation, Unit
from otklik.touchpoints.models import Process

from ..models import Answer, Invitation, Response, Survey, SurveyVersion
from ..questionnaire import QuestionSpec, answers_room, check_answers, negative_reasons
from ._common import refuse_foreign_links
from .anonymous_buffer import (
    OpenedEntry,
    anonymous_buffer_append,
    anonymous_buffer_holds,
    random_uuid,
    register_anonymous_sink,
)
from .feedback_settings import settings_for
from .follow_up import follow_up_open
from .invitations import invitation_redeem, token_hash
from .surveys import specs_of

SURVEY_RESPONSE = "survey_response"


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
) -> Response | None:
    """Accept a questionnaire (public link or personal code): the response of an identified survey, or None for an
    anonymous one, which waits sealed in the buffer with no person, code, time or address.

    A negative identified questionnaire opens its follow-up task at once; a negative anonymous one waits for the
    daily sweep, so no task's time tells when it was submitted. Bad answers never use up a personal link.
    """
    if survey.is_anonymous:
        _anonymous_submit(
            survey=survey, raw_answers=raw_answers, submission_key=submission_key, token=token, unit=unit, today=today
        )
        return None
    return _identified_submit(
        survey=survey,
        raw_answers=raw_answers,
        submission_key=submission_key,
        token=token,
        unit=unit,
        respondent_name=respondent_name,
        contact_email=contact_email,
        today=today,
    )


def _anonymous_submit(
    *,
    survey: Survey,
    raw_answers: Mapping[str, Any],
    submission_key: str,
    token: str,
    unit: Unit | None,
    today: dt.date | None,
) -> None:
    """Check, use up the link (its own transaction), then seal the answer into the buffer (another one)."""
    organisation = survey.organisation
    _check_key(submission_key)
    if anonymous_buffer_holds(form_key=submission_key):  # a double click
        return
    version, specs, clean = _prepared(survey, raw_answers)
    if not token and not survey.is_public:
        raise ApplicationError(_("На этот опрос можно ответить только по персональной ссылке."), field="token")
    refuse_foreign_links(organisation, None, unit)
    invitation = None
    if token:
        try:
            invitation = invitation_redeem(survey=survey, token=token)
        except ApplicationError:
            if anonymous_buffer_holds(form_key=submission_key):  # the same form, sent twice at once
                return
            raise
    anonymous_buffer_append(
        organisation=organisation,
        kind=SURVEY_RESPONSE,
        group=f"version:{version.pk}",
        day=today or today_for(organisation),
        payload={"version": version.pk, **_where_answered(survey, invitation, unit), "answers": clean},
        form_key=submission_key,
        block=answers_room(specs),
    )


@register_anonymous_sink(SURVEY_RESPONSE)
def anonymous_responses_write(*, organisation: Organisation, entries: Sequence[OpenedEntry]) -> None:
    """Write a shuffled batch of anonymous questionnaires in the order given; audit each survey's count per day."""
    versions = {
        version.pk: version
        for version in SurveyVersion.objects.filter(
            survey__organisation=organisation, pk__in={entry.payload["version"] for entry in entries}
        )
        .select_related("survey")
        .prefetch_related("questions")
    }
    specs = {pk: specs_of(version) for pk, version in versions.items()}
    processes = set(Process.objects.filter(organisation=organisation).values_list("pk", flat=True))
    units = set(Unit.objects.filter(organisation=organisation).values_list("pk", flat=True))
    rules = settings_for(organisation)
    stems = rules.stems()
    responses: list[Response] = []
    answers: list[Answer] = []
    days: dict[Survey, Counter[str]] = defaultdict(Counter)
    for entry in entries:
        version = versions.get(entry.payload["version"])
        if version is None:  # the survey was deleted while the answer waited
            continue
        clean = entry.payload["answers"]
        reasons = negative_reasons(specs[version.pk], clean, negative_below=rules.negative_below, stems=stems)
        response = Response(
            id=random_uuid(),
            organisation=organisation,
            version=version,
            submitted_on=entry.day,
            channel=entry.payload["channel"],
            process_id=entry.payload["process_id"] if entry.payload["process_id"] in processes else None,
            unit_id=entry.payload["unit_id"] if entry.payload["unit_id"] in units else None,
            is_anonymous=True,
            submission_key=random_uuid().hex,
            is_negative=bool(reasons),
            negative_reasons=reasons,
            follow_up_checked=not reasons,
        )
        responses.append(response)
        answers.extend(_answers_of(response, version, clean))
        days[version.survey][entry.day.isoformat()] += 1
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    for survey, counts in days.items():
        audit_record(
            actor=None,
            action=AuditAction.RESPONSE_ANONYMOUS_BATCH,
            obj=survey,
            organisation=organisation,
            after={"responses": counts.total(), "days": dict(sorted(counts.items()))},
        )


@transaction.atomic
def _identified_submit(
    *,
    survey: Survey,
    raw_answers: Mapping[str, Any],
    submission_key: str,
    token: str,
    unit: Unit | None,
    respondent_name: str,
    contact_email: str,
    today: dt.date | None,
) -> Response:
    organisation = survey.organisation
    _check_key(submission_key)
    duplicate = _earlier_submission(survey, submission_key)
    if duplicate is not None:
        return duplicate
    invitation = _invitation_to_use(survey, token)
    version, specs, clean = _prepared(survey, raw_answers)
    refuse_foreign_links(organisation, None, unit)
    rules = settings_for(organisation)
    reasons = negative_reasons(specs, clean, negative_below=rules.negative_below, stems=rules.stems())
    response = Response(
        organisation=organisation,
        version=version,
        submitted_on=today or today_for(organisation),
        **_where_answered(survey, invitation, unit),
        is_anonymous=False,
        submission_key=submission_key,
        is_negative=bool(reasons),
        negative_reasons=reasons,
        follow_up_checked=not reasons,
        invitation=invitation,
        respondent_name=respondent_name.strip()[:300],
        contact_email=contact_email.strip()[:254],
    )
    try:
        with transaction.atomic():
            response.save(force_insert=True)
    except IntegrityError:  # the same form sent twice at once
        return Response.objects.get(submission_key=submission_key)
    Answer.objects.bulk_create(_answers_of(response, version, clean))
    if invitation is not None:
        invitation.used = True
        invitation.save(update_fields=["used"])
    _record_receipt(response, invitation)
    return response


def _check_key(submission_key: str) -> None:
    if not submission_key or len(submission_key) > 64:
        raise ApplicationError(_("Форма устарела — откройте опрос ещё раз."), field="submission_key")


def _earlier_submission(survey: Survey, submission_key: str) -> Response | None:
    """The questionnaire this form already gave (a double click), or None; a foreign key is refused."""
    duplicate = Response.objects.filter(submission_key=submission_key).first()
    if duplicate is not None and duplicate.version.survey_id != survey.pk:
        raise ApplicationError(_("Форма устарела — откройте опрос ещё раз."), field="submission_key")
    return duplicate


def _invitation_to_use(survey: Survey, token: str) -> Invitation | None:
    """The unused personal link behind the token, locked; without a token the survey must be public."""
    if not token:
        if not survey.is_public:
            raise ApplicationError(_("На этот опрос можно ответить только по персональной ссылке."), field="token")
        return None
    invitation = Invitation.objects.select_for_update().filter(survey=survey, token_hash=token_hash(token)).first()
    if invitation is None or invitation.used:
        raise ApplicationError(_("Эта персональная ссылка уже использована или недействительна."), field="token")
    return invitation


def _prepared(
    survey: Survey, raw_answers: Mapping[str, Any]
) -> tuple[SurveyVersion, list[QuestionSpec], dict[str, dict[str, Any]]]:
    """The survey's current version, its questions, and the answers checked against them."""
    if not survey.is_active:
        raise ApplicationError(_("Опрос не принимает ответы."))
    version = survey.current_version
    assert version is not None
    specs = specs_of(version)
    checked = check_answers(specs, raw_answers)
    if checked.errors:
        raise ApplicationError(
            _("Анкета не отправлена: проверьте ответы."), field="answers", extra={"errors": checked.errors}
        )
    if not checked.clean:
        raise ApplicationError(_("Ответьте хотя бы на один вопрос."), field="answers")
    return version, specs, checked.clean


def _where_answered(survey: Survey, invitation: Invitation | None, unit: Unit | None) -> dict[str, Any]:
    """Channel, process and unit of the answer: the personal link's first, then the respondent's unit, the survey's."""
    return {
        "channel": invitation.channel if invitation and invitation.channel else survey.channel,
        "process_id": invitation.process_id if invitation and invitation.process_id else survey.process_id,
        "unit_id": (invitation.unit_id if invitation and invitation.unit_id else (unit.pk if unit else survey.unit_id)),
    }


def _answers_of(response: Response, version: SurveyVersion, clean: Mapping[str, Mapping[str, Any]]) -> list[Answer]:
    by_code = {q.code: q for q in version.questions.all()}
    return [
        Answer(
            id=random_uuid(),
            response=response,
            question=by_code[code],
            score=answer.get("score"),
            text=answer.get("text", ""),
            choices=answer.get("choices"),
        )
        for code, answer in clean.items()
        if code in by_code
    ]


def _record_receipt(response: Response, invitation: Invitation | None) -> None:
    """Audit an identified answer; a negative one opens its follow-up task at once."""
    audit_record(
        actor=None,
        action=AuditAction.RESPONSE_RECEIVED,
        obj=response,
        organisation=response.organisation,
        after={
            "survey": response.version.survey_id,
            "invitation": invitation.pk if invitation else None,
            "negative": response.is_negative,
        },
    )
    if response.is_negative:
        follow_up_open(response=response, today=response.submitted_on)
