"""The only writer of a body's channel settings: validated values, one audit row per change."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.db import models, transaction
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import require_role

from .models import ChannelSettings

SMALL_MAX = 32767  # PositiveSmallIntegerField
LARGE_MAX = 2147483647  # PositiveIntegerField


@dataclass(frozen=True)
class ChannelSettingsValues:
    """New values of a body's channel settings; None leaves the stored (or default) value as it is.

    `not_set` names the social-media times to clear: None stored there means «актами не установлено»
    (SPEC D-1: the 2 h / 4 h limits only where the body's act sets them).
    """

    social_official_response_minutes: int | None = None
    social_mention_response_minutes: int | None = None
    cc_queue_wait_max_seconds: int | None = None
    cc_first_contact_resolution_min_percent: int | None = None
    cc_transfers_max: int | None = None
    cc_lost_calls_max: int | None = None
    cc_avg_handling_max_seconds: int | None = None
    cc_avg_call_max_seconds: int | None = None
    not_set: frozenset[str] = field(default=frozenset())

    def given(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in SETTING_FIELDS if getattr(self, name) is not None}

    def new_values(self) -> dict[str, int | None]:
        """What to store: the given values, and None for each field named in `not_set`."""
        return {**dict.fromkeys(self.not_set), **self.given()}


SETTING_FIELDS = [f.name for f in fields(ChannelSettingsValues) if f.name != "not_set"]
# The times an act may leave unset (None = «актами не установлено»); the contact-centre targets always have a value.
OPTIONAL_FIELDS = frozenset({"social_official_response_minutes", "social_mention_response_minutes"})
# Inclusive bounds of each value: times are at least one unit, a percentage at most 100, counts may be zero.
BOUNDS: dict[str, tuple[int, int]] = {
    "social_official_response_minutes": (1, LARGE_MAX),
    "social_mention_response_minutes": (1, LARGE_MAX),
    "cc_queue_wait_max_seconds": (1, LARGE_MAX),
    "cc_first_contact_resolution_min_percent": (0, 100),
    "cc_transfers_max": (0, SMALL_MAX),
    "cc_lost_calls_max": (0, SMALL_MAX),
    "cc_avg_handling_max_seconds": (1, LARGE_MAX),
    "cc_avg_call_max_seconds": (1, LARGE_MAX),
}


def _label(name: str) -> str:
    field = ChannelSettings._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def channel_settings_check(*, actor: User | None, organisation: Organisation, values: ChannelSettingsValues) -> None:
    """Refuse what the service would refuse; the admin form asks here before it saves.

    `actor` None is the system (a preset being loaded); a person needs the administrator role of the body.
    """
    if actor is not None:
        require_role(actor, organisation, RoleCode.ADMINISTRATOR)
    for name in sorted(values.not_set):
        if name not in OPTIONAL_FIELDS:
            raise ApplicationError(_("«%(label)s»: значение обязательно.") % {"label": _label(name)}, field=name)
        if getattr(values, name) is not None:
            raise ApplicationError(
                _("«%(label)s»: значение одновременно задано и очищено.") % {"label": _label(name)}, field=name
            )
    for name, value in values.given().items():
        low, high = BOUNDS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ApplicationError(
                _("«%(label)s»: нужно целое число от %(low)s до %(high)s, указано %(value)s.")
                % {"label": _label(name), "low": low, "high": high, "value": value},
                field=name,
            )


@transaction.atomic
def channel_settings_update(
    *, actor: User | None, organisation: Organisation, values: ChannelSettingsValues
) -> tuple[ChannelSettings, bool]:
    """Set the body's social-media and contact-centre norms; returns the row and whether anything changed."""
    channel_settings_check(actor=actor, organisation=organisation, values=values)
    row, created = ChannelSettings.objects.select_for_update().get_or_create(organisation=organisation)
    given = values.new_values()
    if not created and all(getattr(row, name) == value for name, value in given.items()):
        return row, False
    before = None if created else snapshot(row, fields=SETTING_FIELDS)
    for name, value in given.items():
        setattr(row, name, value)
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANNEL_SETTINGS_UPDATED,
        obj=row,
        organisation=organisation,
        before=before,
        after=snapshot(row, fields=SETTING_FIELDS),
    )
    return row, True
