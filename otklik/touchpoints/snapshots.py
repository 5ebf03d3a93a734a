"""Registry pictures: build the immutable snapshot of a version, lay it out as the template, diff two."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from otklik.orgs.choices import ChannelType
from otklik.orgs.models import Organisation

from .choices import LegalBasisKind, TouchpointKind
from .models import Process, Registry, Touchpoint
from .validation import TOUCHPOINT_FIELDS, need_texts


def build_snapshot(organisation: Organisation) -> dict[str, Any]:
    """The registry's live approved state as plain JSON (what a version stores for ever)."""
    registry = Registry.objects.filter(organisation=organisation).first()
    touchpoints: dict[int, list[dict[str, Any]]] = {}
    for touchpoint in Touchpoint.objects.filter(organisation=organisation, is_active=True).order_by(
        "process__position", "position", "pk"
    ):
        item = {"id": touchpoint.pk, **{name: getattr(touchpoint, name) for name in TOUCHPOINT_FIELDS}}
        touchpoints.setdefault(touchpoint.process_id, []).append(item)
    processes = []
    for process in Process.objects.filter(organisation=organisation, is_active=True).order_by("position"):
        if process.pk in touchpoints:
            processes.append({"id": process.pk, "name": process.name, "touchpoints": touchpoints[process.pk]})
    for number, process_item in enumerate(processes, start=1):
        process_item["number"] = number
    return {
        "title": registry.title if registry else _("Перечень точек взаимодействия с клиентом"),
        "approval": registry.approval if registry else "",
        "processes": processes,
    }


@dataclass
class TemplateRow:
    """One touchpoint row of the official template; the first row of a process carries its № and name."""

    number: int
    process: str
    process_rows: int  # rows the process cell spans (0 on the rows under the first)
    touchpoint: str
    address: str
    needs: list[str]
    kind_label: str
    features: str
    data: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def features_text(self) -> str:
        return "\n".join(part for part in (self.kind_label, self.features) if part)


def template_rows(snapshot: dict[str, Any]) -> list[TemplateRow]:
    rows = []
    for process in snapshot["processes"]:
        for index, item in enumerate(process["touchpoints"]):
            rows.append(
                TemplateRow(
                    number=process["number"],
                    process=process["name"],
                    process_rows=len(process["touchpoints"]) if index == 0 else 0,
                    touchpoint=item["name"],
                    address=item["address"],
                    needs=need_texts(item["needs"]),
                    kind_label=str(TouchpointKind(item["kind"]).label),
                    features=item["features"],
                    data=item,
                )
            )
    return rows


FIELD_LABELS = {
    "name": _("наименование"),
    "channel_type": _("тип канала"),
    "kind": _("вид точки"),
    "address": _("адрес"),
    "needs": _("потребности"),
    "features": _("особенности"),
    "is_key": _("ключевая"),
    "appeals_counted": _("учёт обращений"),
    "legal_basis_kind": _("вид основания"),
    "legal_basis": _("основание"),
    "accessibility_notes": _("доступность"),
    "process": _("процесс"),
}


def display_value(name: str, value: Any) -> str:
    if name == "needs":
        return "; ".join(need_texts(value or []))
    if name == "channel_type" and value in ChannelType.values:
        return str(ChannelType(value).label)
    if name == "kind" and value in TouchpointKind.values:
        return str(TouchpointKind(value).label)
    if name == "legal_basis_kind" and value in LegalBasisKind.values:
        return str(LegalBasisKind(value).label)
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    return "" if value is None else str(value)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


def field_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[FieldChange]:
    changes = []
    for name in (*TOUCHPOINT_FIELDS, "process"):
        old = (before or {}).get(name)
        new = after.get(name)
        if name in after and old != new:
            changes.append(
                FieldChange(name, str(FIELD_LABELS[name]), display_value(name, old), display_value(name, new))
            )
    return changes


@dataclass
class SnapshotDiff:
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[tuple[dict[str, Any], list[FieldChange]]]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _indexed(snapshot: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {
        item["id"]: {**item, "process": process["name"]}
        for process in snapshot["processes"]
        for item in process["touchpoints"]
    }


def diff_snapshots(older: dict[str, Any], newer: dict[str, Any]) -> SnapshotDiff:
    """Touchpoints added, removed and changed (field by field) between two versions."""
    old, new = _indexed(older), _indexed(newer)
    return SnapshotDiff(
        added=[new[key] for key in new if key not in old],
        removed=[old[key] for key in old if key not in new],
        changed=[(new[key], changes) for key in new if key in old and (changes := field_changes(old[key], new[key]))],
    )
