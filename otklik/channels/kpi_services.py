"""Writes of the contact-centre KPI board: the breach notice to the deputy head, once per breach and period."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from otklik.calendars.selectors import today_for
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.links import public_url
from otklik.notifications.services import notify_staff
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import User

from .kpi import BREACH_LABELS, DAY, MONTH, PERIOD_LABELS, WEEK, Kpi, last_complete
from .kpi_selectors import line_kpi
from .models import KpiBreachNotice, PhoneLine

# The periods a notice is sent for (a quarter is read on the board and in the quarterly report).
NOTICE_PERIODS = (DAY, WEEK, MONTH)


def _deputies(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__is_active=True,
        memberships__roles__code=RoleCode.CC_DEPUTY_HEAD,
    ).distinct()


def _letter(line: PhoneLine, period: str, start: dt.date, end: dt.date, kpi: Kpi, names: list[str]) -> tuple[str, str]:
    span = f"{start:%d.%m.%Y}" if start == end else f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
    subject = _("Контакт-центр: нарушены нормы линии «%(line)s» (%(period)s %(span)s)") % {
        "line": line.name,
        "period": PERIOD_LABELS[period],
        "span": span,
    }
    board = public_url(reverse("cc_kpi:board")) + f"?period={period}&day={start:%Y-%m-%d}"
    body = "\n".join(
        [
            _("За период %(span)s по линии «%(line)s» нарушены нормы:") % {"span": span, "line": line.name},
            *(f"— {BREACH_LABELS[name]}" for name in names),
            _("Входящих звонков: %(calls)s, принято: %(answered)s, потеряно: %(lost)s.")
            % {"calls": kpi.calls, "answered": kpi.answered, "lost": kpi.lost},
            _("Показатели: %(url)s") % {"url": board},
        ]
    )
    return subject, body


@transaction.atomic
def kpi_breach_notify(*, line: PhoneLine, period: str, start: dt.date, end: dt.date, now: dt.datetime) -> int:
    """Tell the body's deputy head for client-centricity of the line's breaches over the period not told yet.

    One letter lists the new breaches; each is remembered (unique per line, period and threshold), so a second
    run, or a run racing this one, tells nothing twice. Returns the number of new breaches.
    """
    kpi = line_kpi(line, start, end)
    if not kpi.breaches:
        return 0
    known = set(
        KpiBreachNotice.objects.filter(line=line, period=period, period_start=start).values_list("threshold", flat=True)
    )
    fresh = [name for name in kpi.breaches if name not in known]
    if not fresh:
        return 0
    names = []
    for name in fresh:
        _notice, created = KpiBreachNotice.objects.get_or_create(
            line=line,
            period=period,
            period_start=start,
            threshold=name,
            defaults={"organisation_id": line.organisation_id, "period_end": end, "notified_at": now},
        )
        if created:  # a run racing this one may have told it a moment ago
            names.append(name)
    if not names:
        return 0
    organisation = line.organisation
    subject, body = _letter(line, period, start, end, kpi, names)
    notify_staff(recipients=_deputies(organisation.pk), subject=subject, body=body, organisation=organisation)
    audit_record(
        actor=None,
        action=AuditAction.CC_KPI_BREACH_NOTIFIED,
        obj=line,
        organisation=organisation,
        after={"period": period, "start": start.isoformat(), "end": end.isoformat(), "breaches": names},
    )
    return len(names)


def kpi_breach_sweep(*, now: dt.datetime) -> dict[str, int]:
    """For every active line: the last complete day, week and month, each breach told once."""
    told = 0
    checked = 0
    lines = PhoneLine.objects.filter(is_active=True, organisation__is_active=True).select_related("organisation")
    for line in lines:
        today = today_for(line.organisation, now=now)
        for period in NOTICE_PERIODS:
            start, end = last_complete(period, today)
            told += kpi_breach_notify(line=line, period=period, start=start, end=end, now=now)
            checked += 1
    return {"checked": checked, "notified": told}
