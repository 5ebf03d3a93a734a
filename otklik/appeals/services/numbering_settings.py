"""The body's numbering of appeals and requests (004 App. 1 §4.2): checked, audited, and forgotten by the memo."""

from __future__ import annotations

import string

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import require_role

from ..models import AppealSettings
from .intake import NUMBER_FORMATS

FORMAT_FIELDS = ("appeal_number_format", "request_number_format")
PLACEHOLDERS = frozenset({"seq", "year", "yy"})


def _check_format(name: str, template: str) -> None:
    try:
        fields = {field for _text, field, _spec, _conv in string.Formatter().parse(template) if field is not None}
    except ValueError as exc:
        raise ApplicationError(_("Проверьте фигурные скобки в формате номера."), field=name) from exc
    if "seq" not in fields:
        raise ApplicationError(_("В формате номера нужен порядковый номер {seq}."), field=name)
    unknown = sorted(fields - PLACEHOLDERS)
    if unknown:
        raise ApplicationError(
            _("В формате номера допустимы только {seq}, {year} и {yy}; лишнее: %(f)s.")
            % {"f": ", ".join(f"{{{field}}}" for field in unknown)},
            field=name,
        )


def appeal_settings_check(*, actor: User | None, organisation: Organisation, formats: dict[str, str]) -> None:
    """Refuse what the service would refuse (the admin form asks here first); None is the system (a preset)."""
    if actor is not None:
        require_role(actor, organisation, RoleCode.ADMINISTRATOR)
    for name in FORMAT_FIELDS:
        template = (formats.get(name) or "").strip()
        if not template:
            raise ApplicationError(_("Укажите формат номера."), field=name)
        _check_format(name, template)


@transaction.atomic
def appeal_settings_update(
    *, actor: User | None, organisation: Organisation, formats: dict[str, str]
) -> AppealSettings:
    """Set the number formats of appeals and requests; the next registration uses them."""
    appeal_settings_check(actor=actor, organisation=organisation, formats=formats)
    row, created = AppealSettings.objects.select_for_update().get_or_create(organisation=organisation)
    before = None if created else snapshot(row, fields=list(FORMAT_FIELDS))
    for name in FORMAT_FIELDS:
        setattr(row, name, formats[name].strip())
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.APPEAL_SETTINGS_UPDATED,
        obj=row,
        organisation=organisation,
        before=before,
        after=snapshot(row, fields=list(FORMAT_FIELDS)),
    )
    NUMBER_FORMATS.forget()  # this process at once (a rollback only costs a re-read), the others within a minute
    return row
