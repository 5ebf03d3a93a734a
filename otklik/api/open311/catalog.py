"""What Open311 calls services and requests, over appeals: the appeal kinds and the classifier's sections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from otklik.appeals.choices import AppealForm, AppealKind
from otklik.appeals.models import Appeal, ClassifierNode
from otklik.appeals.selectors import appeals_for_public_listing
from otklik.appeals.workflow import OPEN_STATES as OPEN_STATES  # the views filter by catalog.OPEN_STATES
from otklik.orgs.models import Organisation

KIND_SERVICES = {
    AppealKind.APPEAL: ("Обращение (59-ФЗ)", "Предложение, заявление или жалоба по любому вопросу ведения органа."),
    AppealKind.REQUEST: ("Запрос информации (8-ФЗ)", "Запрос информации о деятельности органа."),
}
SECTION_GROUP = "Тематический классификатор"


def _sections() -> QuerySet[ClassifierNode]:
    return ClassifierNode.objects.filter(level=1, is_active=True).order_by("code")


def service_list(organisation: Organisation) -> list[dict[str, Any]]:
    services: list[dict[str, Any]] = [
        {
            "service_code": str(kind),
            "service_name": name,
            "description": description,
            "metadata": True,
            "type": "realtime",
            "keywords": "обращение, жалоба, предложение, заявление, запрос",
            "group": "Обращения",
        }
        for kind, (name, description) in KIND_SERVICES.items()
    ]
    services += [
        {
            "service_code": node.section_code,
            "service_name": node.name,
            "description": f"Обращение по разделу классификатора {node.code}.",
            "metadata": True,
            "type": "realtime",
            "keywords": node.name,
            "group": SECTION_GROUP,
        }
        for node in _sections()
    ]
    return services


def section_node(code: str) -> ClassifierNode | None:
    return _sections().filter(section_code=code).first()


def service_exists(code: str) -> bool:
    return code in KIND_SERVICES or section_node(code) is not None


# What a valid request needs beyond the description: 59-FZ art. 7 asks for the author's name and an address for the
# answer. GeoReport clients learn a service's needs only from its attributes, so the author's fields are listed
# there too (the standard first_name, last_name and email fields are accepted as well).
AUTHOR_ATTRIBUTES = (
    ("last_name", True, "Фамилия автора", "Фамилия гражданина, направившего обращение"),
    ("first_name", True, "Имя автора", "Имя гражданина, направившего обращение"),
    ("email", False, "Электронная почта для ответа", "Электронная почта или почтовый адрес — одно из двух обязательно"),
    (
        "postal_address",
        False,
        "Почтовый адрес для ответа",
        "Почтовый адрес или электронная почта — одно из двух обязательно",
    ),
)


def service_definition(code: str) -> dict[str, Any]:
    attributes: list[dict[str, Any]] = [
        {
            "variable": True,
            "code": name,
            "datatype": "string",
            "required": required,
            "datatype_description": title,
            "description": description,
        }
        for name, required, title, description in AUTHOR_ATTRIBUTES
    ]
    if code != AppealKind.REQUEST:
        attributes.append(
            {
                "variable": True,
                "code": "form",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "Форма обращения",
                "description": "Предложение, заявление или жалоба",
                "values": [{"key": str(value), "name": str(label)} for value, label in AppealForm.choices],
            }
        )
    for order, attribute in enumerate(attributes, start=1):
        attribute["order"] = order
    return {"service_code": code, "attributes": attributes}


def _service_of(appeal: Appeal) -> tuple[str, str]:
    section = next((q.section_code for q in appeal.questions.all() if q.section_code), "")
    if section:
        node = section_node(section)
        if node is not None:
            return section, node.name
    return str(appeal.kind), KIND_SERVICES[AppealKind(appeal.kind)][0]


def _end_of(day: dt.date, organisation: Organisation) -> str:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=organisation.tz).isoformat()


def request_view(appeal: Appeal) -> dict[str, Any]:
    """One appeal as an Open311 request; the text and the author are personal data and are never published."""
    organisation = appeal.organisation
    code, name = _service_of(appeal)
    return {
        "service_request_id": str(appeal.pk),
        "status": "open" if appeal.status in OPEN_STATES else "closed",
        "status_notes": appeal.get_status_display(),
        "service_name": name,
        "service_code": code,
        "description": "",
        "agency_responsible": organisation.name,
        "service_notice": f"№ {appeal.number}",
        "requested_datetime": timezone.localtime(appeal.received_at, organisation.tz).isoformat(),
        "updated_datetime": timezone.localtime(appeal.updated_at, organisation.tz).isoformat(),
        "expected_datetime": _end_of(appeal.governing_due_date, organisation),
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def public_requests(organisation: Organisation) -> QuerySet[Appeal]:
    """Appeals Open311 may list: public by the GeoReport spec, so the explicit public selector of appeals (never
    those «for official use»); `request_view` shows no text and no author."""
    return appeals_for_public_listing(organisation).select_related("organisation").prefetch_related("questions")
