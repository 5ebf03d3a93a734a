"""Organisation's feedback settings: what reads as negative, the follow-up term and who answers for it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Membership, Organisation, User
from otklik.orgs.permissions import AnyUser, require_role

from ..models import FeedbackSettings
from ..questionnaire import stem_lines
from ._common import MANAGER_ROLES

# the fields a person sets; the settings page, the admin and the audit snapshot all use this list
SETTINGS_FIELDS = ["negative_below", "follow_up_working_days", "complaint_stems", "responsible"]
# inclusive bounds, also given to the settings form so the browser knows them
NEGATIVE_BELOW_RANGE = (2, 5)
FOLLOW_UP_DAYS_RANGE = (1, 30)


def settings_for(organisation: Organisation) -> FeedbackSettings:
    """The organisation's feedback settings; defaults (unsaved) until someone changes them."""
    found = FeedbackSettings.objects.filter(organisation=organisation).first()
    return found or FeedbackSettings(organisation=organisation)


def feedback_settings_check(
    *,
    actor: AnyUser,
    organisation: Organisation,
    negative_below: int,
    follow_up_working_days: int,
    responsible: User | None,
) -> None:
    """Refuse what feedback_settings_update would refuse, writing nothing (a form asks before it saves)."""
    require_role(actor, organisation, *MANAGER_ROLES)
    low, high = NEGATIVE_BELOW_RANGE
    if not low <= negative_below <= high:
        raise ApplicationError(
            _("Порог должен быть от %(low)s до %(high)s.") % {"low": low, "high": high}, field="negative_below"
        )
    low, high = FOLLOW_UP_DAYS_RANGE
    if not low <= follow_up_working_days <= high:
        raise ApplicationError(
            _("Срок — от %(low)s до %(high)s рабочих дней.") % {"low": low, "high": high},
            field="follow_up_working_days",
        )
    if (
        responsible is not None
        and not Membership.objects.filter(organisation=organisation, user=responsible, is_active=True).exists()
    ):
        raise ApplicationError(_("Ответственный должен работать в организации."), field="responsible")


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
    """Change the organisation's rules for reading questionnaires (the settings page and the admin both call this)."""
    feedback_settings_check(
        actor=actor,
        organisation=organisation,
        negative_below=negative_below,
        follow_up_working_days=follow_up_working_days,
        responsible=responsible,
    )
    rules, _created = FeedbackSettings.objects.select_for_update().get_or_create(organisation=organisation)
    before = snapshot(rules, fields=SETTINGS_FIELDS)
    rules.negative_below = negative_below
    rules.follow_up_working_days = follow_up_working_days
    rules.complaint_stems = "\n".join(stem_lines(complaint_stems))
    rules.responsible = responsible
    rules.save()
    audit_record(
        actor=actor,
        action=AuditAction.FEEDBACK_SETTINGS_CHANGED,
        obj=rules,
        organisation=organisation,
        before=before,
        after=snapshot(rules, fields=SETTINGS_FIELDS),
    )
    return rules
