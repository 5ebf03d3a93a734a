"""The only writers of calendar corrections."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import AnyUser, require_role

from .models import CalendarCorrection
from .selectors import CALENDARS, calendar_for
from .workdays import national_is_working_day


def _require_calendar_admin(actor: AnyUser, organisation: Organisation | None) -> None:
    if organisation is None:
        if not (actor.is_authenticated and actor.is_active and actor.is_superuser):
            raise PermissionDeniedError(_("Поправки для всех организаций вносит только администратор системы."))
    else:
        require_role(actor, organisation, RoleCode.ADMINISTRATOR)


def _forget_calendars() -> None:
    """National corrections move every organisation's days: forget all, now and again once committed."""
    CALENDARS.forget()
    transaction.on_commit(CALENDARS.forget)


@transaction.atomic
def calendar_correction_set(
    *, actor: AnyUser, organisation: Organisation | None, date: dt.date, is_working_day: bool, reason: str
) -> CalendarCorrection:
    """Mark a day working or non-working for one organisation (or for all, when organisation is None)."""
    _require_calendar_admin(actor, organisation)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Укажите основание поправки (например, реквизиты акта)."), field="reason")
    existing = CalendarCorrection.objects.filter(organisation=organisation, date=date).first()
    # An organisation's correction is measured against the national calendar with its national corrections.
    baseline = national_is_working_day(date) if organisation is None else calendar_for(None).is_working_day(date)
    if existing is None and baseline == is_working_day:
        state = _("рабочим") if is_working_day else _("нерабочим")
        raise ApplicationError(
            _("%(date)s уже является %(state)s днём по производственному календарю.")
            % {"date": date.strftime("%d.%m.%Y"), "state": state},
            field="date",
        )
    before = snapshot(existing, fields=["date", "is_working_day", "reason"]) if existing else None
    correction = existing or CalendarCorrection(organisation=organisation, date=date)
    correction.is_working_day, correction.reason = is_working_day, reason
    correction.save()
    _forget_calendars()
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        action=AuditAction.CALENDAR_CORRECTION_SET,
        obj=correction,
        organisation=organisation,
        before=before,
        after=snapshot(correction, fields=["date", "is_working_day", "reason"]),
    )
    return correction


@transaction.atomic
def calendar_correction_delete(*, actor: AnyUser, correction: CalendarCorrection) -> None:
    _require_calendar_admin(actor, correction.organisation)
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        action=AuditAction.CALENDAR_CORRECTION_DELETED,
        obj=correction,
        organisation=correction.organisation,
        before=snapshot(correction, fields=["date", "is_working_day", "reason"]),
    )
    correction.delete()
    _forget_calendars()
