"""Completeness and duplicate checks of touchpoint data (R-TP-4, R-TP-5, R-TP-6): pure functions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from otklik.orgs.choices import DIGITAL_CHANNEL_TYPES, ChannelType

from .choices import LegalBasisKind, NeedCode, TouchpointKind

URL_TYPES = frozenset(
    {
        ChannelType.SITE,
        ChannelType.SOCIAL,
        ChannelType.MESSENGER,
        ChannelType.CHATBOT,
        ChannelType.EPGU,
        ChannelType.ERKNM,
        ChannelType.GIS_TOR_KND,
        ChannelType.POS,
        ChannelType.API,
    }
)
ADDRESS_REQUIRED = frozenset(
    {
        ChannelType.SITE,
        ChannelType.EMAIL,
        ChannelType.PHONE,
        ChannelType.EPGU,
        ChannelType.ERKNM,
        ChannelType.GIS_TOR_KND,
        ChannelType.POS,
        ChannelType.API,
    }
)
PHONE_PATTERN = re.compile(r"^\+?[\d\s\-()]+(\s*(доб\.?|ext\.?)\s*\d+)?$")
TOUCHPOINT_FIELDS = (
    "name",
    "channel_type",
    "kind",
    "address",
    "needs",
    "features",
    "is_key",
    "appeals_counted",
    "legal_basis_kind",
    "legal_basis",
    "accessibility_notes",
)


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    blocking: bool = True
    missing: bool = False  # something absent (not malformed): an act-approved registry may still have it


def split_addresses(address: str, channel_type: str) -> list[str]:
    separators = r"[;,]" if channel_type in (ChannelType.EMAIL, ChannelType.PHONE) else r"[;\s]+"
    return [part.strip() for part in re.split(separators, address or "") if part.strip()]


def address_problems(address: str, channel_type: str) -> list[Problem]:
    parts = split_addresses(address, channel_type)
    if not parts:
        if channel_type in ADDRESS_REQUIRED:
            label = ChannelType(channel_type).label
            return [Problem("address", _("Для канала «%(type)s» укажите адрес.") % {"type": label}, missing=True)]
        return []
    problems = []
    for part in parts:
        if channel_type in URL_TYPES:
            try:
                URLValidator(schemes=["http", "https"])(part)
            except ValidationError:
                problems.append(
                    Problem("address", _("«%(value)s» — не ссылка. Ссылка начинается с https://") % {"value": part})
                )
        elif channel_type == ChannelType.EMAIL:
            try:
                validate_email(part)
            except ValidationError:
                problems.append(Problem("address", _("«%(value)s» — не адрес электронной почты.") % {"value": part}))
        elif channel_type == ChannelType.PHONE:
            digits = re.sub(r"\D", "", part.split("доб")[0])
            if not PHONE_PATTERN.match(part) or not 3 <= len(digits) <= 15:
                problems.append(
                    Problem(
                        "address",
                        _("«%(value)s» — не номер телефона. Пример: +7 (4812) 29-25-09") % {"value": part},
                    )
                )
    return problems


def completeness_problems(data: dict[str, Any]) -> list[Problem]:
    """What the authorised person must see before approving (R-TP-6); blocking ones refuse approval."""
    problems: list[Problem] = []
    if not str(data.get("name", "")).strip():
        problems.append(Problem("name", _("Укажите наименование точки взаимодействия.")))
    channel_type = data.get("channel_type", "")
    if channel_type not in ChannelType.values:
        problems.append(Problem("channel_type", _("Выберите тип канала.")))
    if data.get("kind") not in TouchpointKind.values:
        problems.append(Problem("kind", _("Укажите вид точки: цифровая или офлайн.")))
    elif channel_type in ChannelType.values:
        expected = TouchpointKind.DIGITAL if channel_type in DIGITAL_CHANNEL_TYPES else TouchpointKind.OFFLINE
        if data["kind"] != expected and channel_type != ChannelType.OTHER:
            problems.append(
                Problem(
                    "kind",
                    _("Канал «%(type)s» обычно относится к виду «%(kind)s» — проверьте.")
                    % {"type": ChannelType(channel_type).label, "kind": expected.label},
                    blocking=False,
                )
            )
    if channel_type in ChannelType.values:
        problems.extend(address_problems(str(data.get("address", "")), channel_type))
    problems.extend(_need_problems(data.get("needs")))
    if data.get("legal_basis_kind") not in LegalBasisKind.values:
        problems.append(
            Problem("legal_basis_kind", _("Укажите вид основания: документ или распорядительное действие."))
        )
    if not str(data.get("legal_basis", "")).strip():
        problems.append(
            Problem(
                "legal_basis", _("Укажите основание: реквизиты документа или распорядительного действия."), missing=True
            )
        )
    if not str(data.get("accessibility_notes", "")).strip():
        problems.append(
            Problem(
                "accessibility_notes",
                _("Нет сведений о доступности для клиентов с инвалидностью и с низкими цифровыми навыками."),
                blocking=False,
            )
        )
    return problems


def _need_problems(needs: Any) -> list[Problem]:
    if not isinstance(needs, list) or not needs:
        return [Problem("needs", _("Укажите хотя бы одну удовлетворяемую потребность клиента."), missing=True)]
    problems = []
    for need in needs:
        code = need.get("code") if isinstance(need, dict) else None
        if code not in NeedCode.values:
            problems.append(Problem("needs", _("Неизвестная потребность: %(code)s") % {"code": code}))
        elif code == NeedCode.OTHER and not str(need.get("text", "")).strip():
            problems.append(Problem("needs", _("Для «Другой потребности» опишите её словами.")))
    return problems


def _normal(value: str) -> str:
    return re.sub(r"\s+", " ", (value or "").strip().lower())


def find_duplicate(data: dict[str, Any], siblings: Iterable[Any]) -> Any | None:
    """The touchpoint of the same process that `data` would duplicate (001/002 §2.8), if any."""
    name = _normal(data.get("name", ""))
    address = _normal(data.get("address", ""))
    for sibling in siblings:
        if _normal(sibling.name) == name:
            return sibling
        if address and sibling.channel_type == data.get("channel_type") and _normal(sibling.address) == address:
            return sibling
    return None


def touchpoint_data(touchpoint: Any) -> dict[str, Any]:
    """The comparable picture of a touchpoint's fields (for diffs, bases and snapshots)."""
    return {field: getattr(touchpoint, field) for field in TOUCHPOINT_FIELDS}


def need_texts(needs: list[dict[str, str]]) -> list[str]:
    """Each need as the act words it, or the closed list's wording when no text was given."""
    return [str(need.get("text") or NeedCode(need["code"]).label) for need in needs]
