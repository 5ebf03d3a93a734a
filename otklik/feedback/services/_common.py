"""What every stage of feedback shares: who manages it, and the check that linked records are the body's own."""

from __future__ import annotations

from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, Unit
from otklik.touchpoints.models import Process

MANAGER_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD)


def refuse_foreign_links(organisation: Organisation, process: Process | None, unit: Unit | None) -> None:
    """A survey, a link or an answer may name only the organisation's own process and unit."""
    if process is not None and process.organisation_id != organisation.pk:
        raise ApplicationError(_("Процесс относится к другой организации."), field="process")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ApplicationError(_("Подразделение относится к другой организации."), field="unit")
