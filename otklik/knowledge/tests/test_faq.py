"""The FAQ: editors add and change entries on staff pages; the portal lists only the published ones."""

import pytest

from otklik.core.errors import PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.knowledge.models import FaqEntry
from otklik.knowledge.services import faq_entry_create
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member


@pytest.mark.django_db
def test_editors_write_the_portal_shows_published_entries(client, organisation):
    editor = member(organisation, RoleCode.CC_DEPUTY_HEAD)
    client.force_login(editor)
    refused = client.post("/staff/faq/new/", {"question": "Как подать обращение?", "answer": "", "is_published": "on"})
    assert "Обязательное поле." in refused.content.decode() and "Как подать обращение?" in refused.content.decode()
    client.post(
        "/staff/faq/new/", {"question": "Как подать обращение?", "answer": "Через форму.", "is_published": "on"}
    )
    client.post("/staff/faq/new/", {"question": "Черновик", "answer": "Ещё не готово.", "sort_order": "2"})
    entry = FaqEntry.objects.get(question="Как подать обращение?")
    assert AuditEntry.objects.filter(action="faq.created", object_id=str(entry.pk)).exists()
    portal = client.get("/o/testorg/faq/").content.decode()
    assert "Как подать обращение?" in portal and "Через форму." in portal and "Черновик" not in portal
    client.post(
        f"/staff/faq/{entry.pk}/",
        {"question": "Как подать обращение?", "answer": "Через портал.", "is_published": "on"},
    )
    assert "Через портал." in client.get("/o/testorg/faq/").content.decode()
    client.post(f"/staff/faq/{entry.pk}/delete/")
    assert not FaqEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_other_roles_cannot_edit(client, organisation):
    executor = member(organisation, RoleCode.EXECUTOR)
    with pytest.raises(PermissionDeniedError):
        faq_entry_create(actor=executor, organisation=organisation, question="?", answer="!")
    client.force_login(executor)
    assert client.get("/staff/faq/").status_code == 404
    assert client.post("/staff/faq/new/", {"question": "?", "answer": "!"}).status_code == 404
    assert FaqEntry.objects.count() == 0
