"""Test set-up for the registry: a small approved registry and valid proposal data."""

from __future__ import annotations

from typing import Any

from otklik.orgs.models import Organisation
from otklik.touchpoints.models import RegistryVersion
from otklik.touchpoints.services import registry_import_approved

BASIS = "Приказ Министерства от 19.03.2024 № 27/01-01"


def touchpoint(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Официальный сайт Министерства",
        "channel_type": "site",
        "kind": "digital",
        "address": "https://minprom.example.ru/",
        "needs": [{"code": "get_information", "text": "получение информации"}],
        "features": "",
        "is_key": True,
        "appeals_counted": True,
        "legal_basis_kind": "document",
        "legal_basis": BASIS,
        "accessibility_notes": "Версия для слабовидящих",
    }
    data.update(overrides)
    return data


def approved_registry(organisation: Organisation) -> RegistryVersion:
    """Version 1, published: two processes as in a typical control registry."""
    version = registry_import_approved(
        organisation=organisation,
        title="Перечень точек взаимодействия с клиентом по вопросам осуществления регионального контроля",
        approval="УТВЕРЖДЕН приказом Министерства от 19.03.2024 № 27/01-01",
        processes=[
            {
                "name": "Информирование",
                "touchpoints": [
                    touchpoint(),
                    touchpoint(
                        name="Телефонная связь",
                        channel_type="phone",
                        kind="offline",
                        address="+7 (4812) 29-25-09; +7(4812) 29-24-91",
                        accessibility_notes="",
                    ),
                ],
            },
            {
                "name": "Консультирование",
                "touchpoints": [
                    touchpoint(
                        name="Почта России",
                        channel_type="post",
                        kind="offline",
                        address="",
                        needs=[{"code": "get_consultation", "text": "Получение консультации"}],
                    ),
                ],
            },
        ],
        actor=None,
    )
    assert version is not None
    return version
