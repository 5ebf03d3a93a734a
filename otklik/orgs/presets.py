"""Presets: load a body's configuration (presets/<slug>.yaml) idempotently, section by section.

Each room that keeps preset data registers a section loader here; loading the same file twice leaves
the database, and the audit log, as they were after the first load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditFamily
from otklik.core.errors import ApplicationError

from .choices import ChannelType
from .models import Channel, Organisation, RoleDefinition, Unit, User
from .services import roles_by_code

SectionLoader = Callable[["PresetContext", Any], None]


@dataclass
class PresetContext:
    organisation: Organisation | None
    actor: User | None
    changes: int = 0

    @property
    def body(self) -> Organisation:
        """The organisation being loaded (set once its own row is saved)."""
        if self.organisation is None:
            raise RuntimeError("the organisation section is loaded first")
        return self.organisation


@dataclass(frozen=True)
class _Section:
    name: str
    order: int
    loader: SectionLoader


_SECTIONS: dict[str, _Section] = {}
SETTINGS_FIELDS = frozenset(
    {
        "term_end_policy",
        "appeal_term_days",
        "appeal_extension_max_days",
        "request_term_days",
        "request_deferral_max_days",
        "forward_term_days",
        "registration_term_days",
        "internal_written_term_days",
        "registry_publication_working_days",
        "report_acceptance_working_days",
    }
)
ORGANISATION_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "region",
        "timezone",
        "address",
        "phone",
        "email",
        "website",
        "working_hours",
        "source_act",
    }
)


def register_preset_section(name: str, *, order: int) -> Callable[[SectionLoader], SectionLoader]:
    """Decorator: `loader(context, data)` handles the top-level key `name` of a preset file."""

    def decorator(loader: SectionLoader) -> SectionLoader:
        _SECTIONS[name] = _Section(name, order, loader)
        return loader

    return decorator


def available_presets() -> list[str]:
    """Slugs of presets/<slug>.yaml; parts such as <slug>.registry.yaml belong to their body."""
    return sorted(path.stem for path in Path(settings.PRESETS_DIR).glob("*.yaml") if "." not in path.stem)


def read_preset(slug: str) -> dict[str, Any]:
    path = Path(settings.PRESETS_DIR) / f"{slug}.yaml"
    if not path.is_file():
        raise ApplicationError(
            _("Нет пресета «%(slug)s». Есть: %(known)s") % {"slug": slug, "known": ", ".join(available_presets())}
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "organisation" not in data:
        raise ApplicationError(_("Файл пресета %(path)s не содержит раздела organisation.") % {"path": path})
    for part in sorted(Path(settings.PRESETS_DIR).glob(f"{slug}.*.yaml")):
        extra = yaml.safe_load(part.read_text(encoding="utf-8")) or {}
        clash = set(extra) & set(data)
        if clash:
            raise ApplicationError(
                _("Раздел %(s)s задан дважды (в %(part)s).") % {"s": ", ".join(sorted(clash)), "part": part.name}
            )
        data.update(extra)
    return data


def upsert(
    context: PresetContext, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> models.Model:
    """Create or update one row by its natural key; save and audit only when something differs."""
    instance = model._default_manager.filter(**lookup).first()
    created = instance is None
    if instance is None:
        instance = model(**lookup)
    before = None if created else snapshot(instance, fields=list(values))
    for name, value in values.items():
        setattr(instance, name, value)
    after = snapshot(instance, fields=list(values))
    if created or before != after:
        try:
            instance.full_clean()
        except ValidationError as exc:
            raise ApplicationError(_("Ошибка в пресете (%(what)s): %(err)s") % {"what": lookup, "err": exc}) from exc
        instance.save()
        audit_record(
            actor=context.actor,
            action=AuditFamily.PRESET_LOAD.of(model._meta.model_name, "created" if created else "changed"),
            obj=instance,
            organisation=context.organisation or (instance if isinstance(instance, Organisation) else None),
            before=before,
            after=snapshot(instance, fields=list(values)),
        )
        context.changes += 1
    return instance


@transaction.atomic
def preset_load(*, slug: str, actor: User | None = None) -> tuple[Organisation, int]:
    """Load presets/<slug>.yaml; returns the organisation and how many rows changed (0 on a rerun)."""
    data = read_preset(slug)
    org_data = dict(data["organisation"])
    if org_data.get("slug") != slug:
        raise ApplicationError(_("В пресете %(slug)s указан другой код организации.") % {"slug": slug})
    unknown = set(org_data) - ORGANISATION_FIELDS - {"slug"}
    unknown_settings = set(data.get("settings") or {}) - SETTINGS_FIELDS
    if unknown or unknown_settings:
        raise ApplicationError(
            _("Неизвестные поля пресета: %(fields)s") % {"fields": ", ".join(sorted(unknown | unknown_settings))}
        )
    unknown_sections = set(data) - {"organisation", "settings"} - set(_SECTIONS)
    if unknown_sections:
        raise ApplicationError(_("Неизвестные разделы пресета: %(s)s") % {"s": ", ".join(sorted(unknown_sections))})
    org_data.pop("slug")
    context = PresetContext(organisation=None, actor=actor)
    organisation = upsert(context, Organisation, {"slug": slug}, {**org_data, **(data.get("settings") or {})})
    assert isinstance(organisation, Organisation)
    context.organisation = organisation
    for section in sorted(_SECTIONS.values(), key=lambda s: s.order):
        if section.name in data:
            section.loader(context, data[section.name])
    return organisation, context.changes


@register_preset_section("units", order=10)
def _load_units(context: PresetContext, units: list[dict[str, Any]]) -> None:
    by_code: dict[str, Unit] = {}
    for position, item in enumerate(units):
        parent_code = item.get("parent")
        if parent_code and parent_code not in by_code:
            raise ApplicationError(
                _("Подразделение %(code)s ссылается на неизвестное вышестоящее %(parent)s (оно должно идти выше).")
                % {"code": item["code"], "parent": parent_code}
            )
        by_code[item["code"]] = upsert(  # type: ignore[assignment]
            context,
            Unit,
            {"organisation": context.body, "code": item["code"]},
            {
                "name": item["name"],
                "parent": by_code.get(parent_code) if parent_code else None,
                "sort_order": position,
            },
        )


@register_preset_section("roles", order=20)
def _load_roles(context: PresetContext, roles: list[dict[str, Any]]) -> None:
    role_rows = roles_by_code(item["role"] for item in roles)
    for item in roles:
        unit = None
        if item.get("unit"):
            unit = Unit.objects.filter(organisation=context.body, code=item["unit"]).first()
            if unit is None:
                raise ApplicationError(_("Роль ссылается на неизвестное подразделение %(u)s") % {"u": item["unit"]})
        upsert(
            context,
            RoleDefinition,
            {"organisation": context.body, "role": role_rows[item["role"]]},
            {"position": item["position"], "unit": unit, "source": item.get("source") or ""},
        )


@register_preset_section("channels", order=30)
def _load_channels(context: PresetContext, channels: list[dict[str, Any]]) -> None:
    for position, item in enumerate(channels):
        if item["channel_type"] not in ChannelType.values:
            raise ApplicationError(_("Неизвестный тип канала: %(t)s") % {"t": item["channel_type"]})
        upsert(
            context,
            Channel,
            {"organisation": context.body, "code": item["code"]},
            {
                "channel_type": item["channel_type"],
                "name": item["name"],
                "address": item.get("address") or "",
                "notes": item.get("notes") or "",
                "response_minutes": item.get("response_minutes"),
                "source": item.get("source") or "",
                "sort_order": position,
            },
        )
