"""Answers to surveys: accepting a questionnaire by public link or personal token, anonymous ones without a trace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from otklik.calendars.selectors import today_for
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Unit

from ..models import Answer, Invitation, Response, Survey, SurveyVersion
from ..questionnaire import QuestionSpec, check_answers, negative_reasons
from ._common import refuse_foreign_links
from .feedback_settings import settings_for
from .follow_up import follow_up_open
from .invitations import token_hash
from .surveys import specs_of


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
    duplicate = _earlier_submission(survey, submission_key)
    if duplicate is not None:
        return duplicate
    invitation = _invitation_to_use(survey, token)
    if not survey.is_active:
        raise ApplicationError(_("Опрос не принимает ответы."))
    version = survey.current_version
    assert version is not None
    specs = specs_of(version)
    clean = _checked_answers(specs, raw_answers)
    refuse_foreign_links(organisation, None, unit)
    rules = settings_for(organisation)
    reasons = negative_reasons(specs, clean, negative_below=rules.negative_below, stems=rules.stems())
    day = today or today_for(organisation)
    response = Response(
        organisation=organisation,
        version=version,
        submitted_on=day,
        **_where_answered(survey, invitation, unit),
        is_anonymous=survey.is_anonymous,
        submission_key=submission_key,
        is_negative=bool(reasons),
        negative_reasons=reasons,
        follow_up_checked=not reasons,
    )
    if not survey.is_anonymous:
        response.invitation = invitation
        response.respondent_name = respondent_name.strip()[:300]
        response.contact_email = contact_email.strip()[:254]
    try:
        with transaction.atomic():
            response.save(force_insert=True)
    except IntegrityError:  # the same form sent twice at once
        return Response.objects.get(submission_key=submission_key)
    _write_answers(response, version, clean)
    if invitation is not None:
        invitation.used = True
        invitation.save(update_fields=["used"])
    _record_receipt(response, invitation)
    return response


def _earlier_submission(survey: Survey, submission_key: str) -> Response | None:
    """The questionnaire this form already gave (a double click), or None; a stale or foreign key is refused."""
    if not submission_key or len(submission_key) > 64:
        raise ApplicationError(_("Форма устарела — откройте опрос ещё раз."), field="submission_key")
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


def _checked_answers(specs: Sequence[QuestionSpec], raw_answers: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    checked = check_answers(specs, raw_answers)
    if checked.errors:
        raise ApplicationError(
            _("Анкета не отправлена: проверьте ответы."), field="answers", extra={"errors": checked.errors}
        )
    if not checked.clean:
        raise ApplicationError(_("Ответьте хотя бы на один вопрос."), field="answers")
    return checked.clean


def _where_answered(survey: Survey, invitation: Invitation | None, unit: Unit | None) -> dict[str, Any]:
    """Channel, process and unit of the answer: the personal link's first, then the respondent's unit, the survey's."""
    return {
        "channel": invitation.channel if invitation and invitation.channel else survey.channel,
        "process_id": invitation.process_id if invitation and invitation.process_id else survey.process_id,
        "unit_id": (invitation.unit_id if invitation and invitation.unit_id else (unit.pk if unit else survey.unit_id)),
    }


def _write_answers(response: Response, version: SurveyVersion, clean: Mapping[str, Mapping[str, Any]]) -> None:
    by_code = {q.code: q for q in version.questions.all()}
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=by_code[code],
                score=answer.get("score"),
                text=answer.get("text", ""),
                choices=answer.get("choices"),
            )
            for code, answer in clean.items()
        ]
    )


def _record_receipt(response: Response, invitation: Invitation | None) -> None:
    """Audit the answer; an identified negative one opens its follow-up task at once."""
    survey = response.version.survey
    if response.is_anonymous:
        # names neither the response, the person, nor the token: only that the survey got an answer
        audit_record(actor=None, action=AuditAction.RESPONSE_ANONYMOUS, obj=survey, organisation=response.organisation)
        return
    audit_record(
        actor=None,
        action=AuditAction.RESPONSE_RECEIVED,
        obj=response,
        organisation=response.organisation,
        after={
            "survey": survey.pk,
            "invitation": invitation.pk if invitation else None,
            "negative": response.is_negative,
        },
    )
    if response.is_negative:
        follow_up_open(response=response, today=response.submitted_on)
