"""The routing rules' admin saves through routing_rule_save: a bad rule is refused in Russian, a good one audited."""

import pytest

from otklik.core.models import AuditEntry
from otklik.text.models import RoutingRule

pytestmark = pytest.mark.django_db


def form(organisation, **changes):
    data = {
        "organisation": organisation.pk,
        "name": "Жалобы — срочно",
        "order": "10",
        "is_active": "on",
        "code_prefixes": "0003.0008, 0005.0005",
        "moods": ["negative", "aggressive"],
        "content_kinds": ["complaint"],
        "channels": ["portal", "email"],
        "author_segment": "",
        "priority": "urgent",
        "unit": "",
        "executor": "",
        "internal_days": "10",
        "_save": "Сохранить",
    }
    data.update(changes)
    return data


def test_a_good_rule_is_saved_through_the_service(organisation, admin_client):
    page = admin_client.post("/admin/text/routingrule/add/", form(organisation))
    assert page.status_code == 302
    rule = RoutingRule.objects.get()
    assert rule.code_prefixes == ["0003.0008", "0005.0005"]
    assert rule.moods == ["negative", "aggressive"]
    assert AuditEntry.objects.filter(action="routing_rule.saved", object_id=str(rule.pk)).exists()
    assert admin_client.get(f"/admin/text/routingrule/{rule.pk}/change/").status_code == 200
    assert admin_client.get("/admin/text/routingrule/").status_code == 200


def test_a_bad_rule_is_refused_with_a_russian_message(organisation, admin_client):
    page = admin_client.post("/admin/text/routingrule/add/", form(organisation, internal_days="0"))
    assert page.status_code == 200
    assert "Внутренний срок подготовки" in page.content.decode()
    assert not RoutingRule.objects.exists()
    page = admin_client.post("/admin/text/routingrule/add/", form(organisation, name="   "))
    assert page.status_code == 200
    assert not RoutingRule.objects.exists()
