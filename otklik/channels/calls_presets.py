"""The contact centre's preset section: `phone_lines:` — a body's phone lines with the thresholds its acts set."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.models import Channel
from otklik.orgs.presets import PresetContext, register_preset_section, upsert

from .models import PhoneLine
from .models.calls import LineProcedure

THRESHOLD_FIELDS = (
    "queue_wait_max_seconds",
    "first_contact_resolution_min_percent",
    "transfers_max",
    "lost_calls_max_per_day",
    "avg_handling_max_seconds",
    "avg_talk_max_seconds",
    "operator_load_max_percent",
)
PERCENT_FIELDS = frozenset({"first_contact_resolution_min_percent", "operator_load_max_percent"})
LINE_KEYS = frozenset({"code", "name", "procedure", "channel", "source", *THRESHOLD_FIELDS})


def _threshold(value: Any, where: str, name: str) -> int | None:
    """A threshold not named in the preset is «актами не установлено» (None), never a model default."""
    if value is None:
        return None
    top = 100 if name in PERCENT_FIELDS else 2_147_483_647
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ApplicationError(
            _("%(where)s.%(name)s: нужно целое число от 0 до %(top)s, указано %(value)r.")
            % {"where": where, "name": name, "value": value, "top": top}
        )
    return int(value)


@register_preset_section("phone_lines", order=48)
def load_phone_lines(context: PresetContext, data: list[dict[str, Any]] | None) -> None:
    if not isinstance(data or [], list):
        raise ApplicationError(_("phone_lines: нужен список линий."))
    for index, line in enumerate(data or [], start=1):
        where = f"phone_lines[{index}]"
        if not isinstance(line, dict) or not line.get("code") or not line.get("name"):
            raise ApplicationError(_("%(where)s: нужны поля code и name.") % {"where": where})
        unknown = set(line) - LINE_KEYS
        if unknown:
            raise ApplicationError(_("Неизвестные поля пресета: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
        procedure = line.get("procedure")
        if procedure not in LineProcedure.values:
            raise ApplicationError(
                _("%(where)s.procedure: нужно одно из %(known)s.")
                % {"where": where, "known": ", ".join(LineProcedure.values)}
            )
        channel = None
        if line.get("channel"):
            channel = Channel.objects.filter(organisation=context.body, code=line["channel"]).first()
            if channel is None:
                raise ApplicationError(
                    _("%(where)s.channel: в пресете нет канала с кодом «%(code)s».")
                    % {"where": where, "code": line["channel"]}
                )
        values: dict[str, Any] = {
            "name": str(line["name"]),
            "procedure": procedure,
            "channel": channel,
            "source": str(line.get("source") or ""),
            **{name: _threshold(line.get(name), where, name) for name in THRESHOLD_FIELDS},
        }
        upsert(context, PhoneLine, {"organisation": context.body, "code": str(line["code"])}, values)
