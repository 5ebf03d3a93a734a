"""The FAQ admin writes through the FAQ services: their refusals show in Russian and their audit rows are written."""

import pytest
from django.contrib.auth.models import Permission

from otklik.core.models import AuditEntry
from otklik.knowledge.models import FaqEntry
from otklik.knowledge.services import faq_entry_create
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, UserFactory, member


def _staff(organisation, *roles):
    """A user who may open the FAQ admin, with `roles` in `organisation`."""
    user = member(organisation, *roles, user=UserFactory(is_staff=True))
    user.user_permissions.set(Permission.objects.filter(codename__endswith="_faqentry"))
    return user


@pytest.mark.django_db
def test_add_change_and_delete_go_through_the_services(client, organisation):
    editor = _staff(organisation, RoleCode.CC_OPERATOR)
    client.force_login(editor)
    form = {"organisation": organisation.pk, "question": "  Как подать обращение? ", "answer": "Через форму."}
    response = client.post("/admin/knowledge/faqentry/add/", {**form, "sort_order": 0, "is_published": "on"})
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert entry.question == "Как подать обращение?"
    created = AuditEntry.objects.get(action="faq.created")
    assert created.actor == editor and created.object_id == str(entry.pk)

    response = client.post(
        f"/admin/knowledge/faqentry/{entry.pk}/change/",
        {"question": "Как подать обращение?", "answer": "Через портал.", "sort_order": 1},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.answer, entry.sort_order, entry.is_published) == ("Через портал.", 1, False)
    assert AuditEntry.objects.get(action="faq.updated").before["answer"] == "Через форму."

    response = client.post(f"/admin/knowledge/faqentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not FaqEntry.objects.exists()
    assert AuditEntry.objects.filter(action="faq.deleted", actor=editor).exists()
    assert not AuditEntry.objects.filter(action__startswith="admin.").exists()


@pytest.mark.django_db
def test_an_empty_answer_is_refused_in_russian_and_nothing_is_saved(admin_client, organisation):
    response = admin_client.post(
        "/admin/knowledge/faqentry/add/",
        {"organisation": organisation.pk, "question": "Как подать обращение?", "answer": "   ", "sort_order": 0},
    )
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()
    assert not FaqEntry.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_staff_member_without_an_editing_role_in_the_body_is_refused(client, organisation):
    other = OrganisationFactory()
    outsider = _staff(other, RoleCode.CC_OPERATOR)  # an editor of another body only
    client.force_login(outsider)
    response = client.post(
        "/admin/knowledge/faqentry/add/",
        {"organisation": organisation.pk, "question": "Вопрос?", "answer": "Ответ.", "sort_order": 0},
    )
    assert response.status_code == 200
    assert "Для этого действия в организации «Тестовое министерство» нужна роль:" in response.content.decode()
    assert not FaqEntry.objects.exists()
    assert not AuditEntry.objects.exists()

    entry = faq_entry_create(
        actor=member(organisation, RoleCode.HEAD), organisation=organisation, question="Вопрос?", answer="Ответ."
    )
    response = client.post(
        f"/admin/knowledge/faqentry/{entry.pk}/change/", {"question": "Вопрос?", "answer": "Другой.", "sort_order": 0}
    )
    assert "нужна роль:" in response.content.decode()
    entry.refresh_from_db()
    assert entry.answer == "Ответ."
    assert client.post(f"/admin/knowledge/faqentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert FaqEntry.objects.filter(pk=entry.pk).exists()
