"""The service-level board's files and weekly digest: PDF and XLSX of the tiles, mailed once per ISO week per body.

The outbox sends text only, so the letter carries the figures and links to the board and to its PDF and XLSX
(staff-only downloads that build the files from the same tiles at the moment they are opened).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.calendars.workdays import local_date
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.links import public_url
from otklik.core.spreadsheets import Table, xlsx_tables
from otklik.core.sweeps import register_sweep
from otklik.notifications.services import notify_staff

from .models import Organisation, ServiceLevelDigest, User
from .permissions import AnyUser
from .service_levels import BOARD_ROLES, Level, Tile, tiles_for


def shown_value(value: Any) -> str:
    """A figure as a person reads it: no value is a dash, a decimal has a comma."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def digest_rows(tiles: list[Tile]) -> list[list[Any]]:
    levels = dict(Level.choices)
    return [
        [str(tile.title), str(figure.label), figure.value, str(levels.get(figure.level, figure.level))]
        for tile in tiles
        for figure in tile.figures
    ]


def digest_xlsx(*, organisation: Organisation, tiles: list[Tile], today: dt.date) -> bytes:
    header = [_("Раздел"), _("Показатель"), _("Значение"), _("Оценка")]
    title = _("Уровень обслуживания")
    return xlsx_tables([Table(title=title, header=header, rows=digest_rows(tiles))])


def digest_pdf(*, organisation: Organisation, tiles: list[Tile], today: dt.date) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "orgs/service_levels_print.html",
        {"organisation": organisation, "tiles": tiles, "today": today, "rows": digest_rows(tiles)},
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def board_recipients(organisation: Organisation) -> QuerySet[User]:
    """The deputy head for client-centricity and the head of the body (003 §11.1)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__roles__code__in=list(BOARD_ROLES),
        )
        .distinct()
        .order_by("pk")
    )


def digest_text(*, organisation: Organisation, tiles: list[Tile], today: dt.date) -> str:
    lines = [
        _("Уровень обслуживания в «%(org)s» на %(day)s.") % {"org": organisation, "day": today.strftime("%d.%m.%Y")}
    ]
    levels = dict(Level.choices)
    for tile in tiles:
        lines.append("")
        lines.append(str(tile.title))
        for figure in tile.figures:
            mark = "" if figure.level == Level.OK else f" ({levels[figure.level]})"
            lines.append(f"  {figure.label}: {shown_value(figure.value)}{mark}")
    lines.append("")
    lines.append(_("Панель: %(url)s") % {"url": public_url(reverse("service_levels:board"))})
    lines.append(_("PDF: %(url)s") % {"url": public_url(reverse("service_levels:pdf"))})
    lines.append(_("XLSX: %(url)s") % {"url": public_url(reverse("service_levels:xlsx"))})
    return "\n".join(lines)


@transaction.atomic
def service_level_digest_send(*, organisation: Organisation, now: dt.datetime) -> int:
    """Mail this ISO week's digest to the board's people unless it went already; returns how many were mailed."""
    recipients = list(board_recipients(organisation))
    if not recipients:
        return 0  # no row: a deputy head appointed later this week still gets the week's digest
    today = local_date(now, organisation.tz)
    iso_year, iso_week, _weekday = today.isocalendar()
    digest, created = ServiceLevelDigest.objects.select_for_update().get_or_create(
        organisation=organisation, iso_year=iso_year, iso_week=iso_week
    )
    if not created:
        return 0
    # Every recipient holds a board role, so the tiles of the first one are the body's tiles for all of them.
    tiles = tiles_for(organisation, recipients[0], today)
    subject = _("Уровень обслуживания: неделя %(week)s, %(year)s") % {"week": iso_week, "year": iso_year}
    sent = notify_staff(
        recipients=recipients,
        subject=subject,
        body=digest_text(organisation=organisation, tiles=tiles, today=today),
        about=digest,
        organisation=organisation,
    )
    digest.recipients = sent
    digest.save(update_fields=["recipients", "updated_at"])
    audit_record(
        actor=None,
        action=AuditAction.SERVICE_LEVEL_DIGEST_SENT,
        obj=digest,
        organisation=organisation,
        after={"iso_year": iso_year, "iso_week": iso_week, "recipients": sent},
    )
    return sent


@register_sweep("service-level-digest")
def weekly_digest(now: dt.datetime) -> dict[str, Any]:
    mailed = bodies = 0
    for organisation in Organisation.objects.filter(is_active=True).order_by("pk"):
        sent = service_level_digest_send(organisation=organisation, now=now)
        mailed += sent
        bodies += bool(sent)
    return {"bodies": bodies, "messages": mailed}


def files_for(*, user: AnyUser, organisation: Organisation) -> tuple[list[Tile], dt.date]:
    """The tiles as of now for a download (the view checked the board's access)."""
    today = local_date(timezone.now(), organisation.tz)
    return tiles_for(organisation, user, today), today
