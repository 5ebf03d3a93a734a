"""Personal one-time survey links: issuing one after an event (by mail if asked), mailing staff, finding, redeeming.

A link is `/o/<slug>/feedback/code/#<code>`: the code rides after «#», which a browser never sends, so no access log,
proxy or Referer holds it. The page's static script (static/feedback/personal-link.js) posts the code, or the person
types it from the letter; the server reads it only from POST bodies. Only the code's hash is stored. An anonymous
answer uses the link up in a transaction of its own (`invitation_redeem`) and waits sealed in the anonymous buffer,
written later in another transaction that names no link (services.anonymous_buffer).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from otklik.calendars.selectors import today_for
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.core.links import public_url
from otklik.notifications.message_templates import render_message
from otklik.notifications.services import notify_address
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, Unit, User
from otklik.orgs.permissions import require_role
from otklik.touchpoints.models import Process

from ..choices import Audience, EventKind
from ..message_events import SURVEY_INVITATION
from ..models import Invitation, Survey
from ._common import MANAGER_ROLES, refuse_foreign_links
from .anonymous_buffer import shuffled


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str
    path: str  # the personal link without the host: the page's path, «#», the code


def personal_link_path(organisation: Organisation, token: str) -> str:
    return reverse("feedback_public:personal", kwargs={"slug": organisation.slug}) + f"#{token}"


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
    refuse_foreign_links(organisation, process, unit)
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
    path = personal_link_path(organisation, token)
    audit_record(
        actor=actor,
        action=AuditAction.INVITATION_ISSUED,
        obj=invitation,
        organisation=organisation,
        after={"survey": survey.pk, "event_kind": event_kind, "event_id": invitation.event_id, "emailed": bool(email)},
    )
    issued = IssuedInvitation(invitation, token, path)
    if email:
        _invitation_letter_send(survey=survey, email=email, issued=issued)
    return issued


@transaction.atomic
def _invitation_letter_send(*, survey: Survey, email: str, issued: IssuedInvitation) -> None:
    """The letter with a personal link: its body names the link once; the outbox erases it after delivery."""
    organisation = survey.organisation
    letter = render_message(
        organisation=organisation,
        event=SURVEY_INVITATION.code,
        values={
            "title": survey.title,
            "anonymity": _("анонимный") if survey.is_anonymous else _("не анонимный"),
            "url": public_url(issued.path),
            "code": issued.token,
        },
    )
    notify_address(
        email=email,
        subject=letter.subject,
        body=letter.body,
        organisation=organisation,  # never about=invitation: the outbox must not tie an address to a link
    )


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
    # random order: links are numbered as they are made, and a known order would tell whose link is whose
    addresses = shuffled(sorted({person.email for person in people}))
    issued = [
        (address, invitation_issue(actor=actor, survey=survey, event_kind=EventKind.STAFF)) for address in addresses
    ]
    # A second, independent order for the letters: queued as the links were made, the outbox rows' order would tie
    # each address to its link row, and the link's «used» flag would then tell who took part.
    for address, invitation in shuffled(issued):
        _invitation_letter_send(survey=survey, email=address, issued=invitation)
    return len(addresses)


def invitation_by_token(*, organisation: Organisation, token: str) -> Invitation | None:
    """The unused invitation behind a token (a read, kept here beside its hash rule)."""
    return (
        Invitation.objects.select_related("survey")
        .filter(survey__organisation=organisation, token_hash=token_hash(token), used=False)
        .first()
    )


def invitation_redeem(*, survey: Survey, token: str) -> Invitation:
    """Use up a personal link in a durable transaction of its own, which writes nothing else.

    No audit row and no time: the moment a link was used, next to the link, would point at the answer written then.
    """
    with transaction.atomic(durable=True):
        invitation = Invitation.objects.select_for_update().filter(survey=survey, token_hash=token_hash(token)).first()
        if invitation is None or invitation.used:
            raise ApplicationError(_("Эта персональная ссылка уже использована или недействительна."), field="token")
        invitation.used = True
        invitation.save(update_fields=["used"])
    return invitation
