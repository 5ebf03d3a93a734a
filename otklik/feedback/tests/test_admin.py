"""The admin edits feedback settings through feedback_settings_update: bad values are refused, good ones audited."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from otklik.core.models import AuditEntry
from otklik.feedback.models import FeedbackSettings
from otklik.feedback.services import feedback_settings_update
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UserFactory, member

from .factories import manager

pytestmark = pytest.mark.django_db


def settings_form(organisation, **changes):
    data = {
        "organisation": organisation.pk,
        "negative_below": "4",
        "follow_up_working_days": "5",
        "complaint_stems": "хам\nгруб",
        "responsible": "",
        "_save": "Сохранить",
    }
    data.update({name: str(value) for name, value in changes.items()})
    return data


@pytest.fixture
def stored(organisation):
    return feedback_settings_update(
        actor=manager(organisation),
        organisation=organisation,
        negative_below=4,
        follow_up_working_days=5,
        complaint_stems="хам",
        responsible=None,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"negative_below": 9}, "Порог должен быть от 2 до 5."),
        ({"follow_up_working_days": 0}, "Срок — от 1 до 30 рабочих дней."),
        ({"follow_up_working_days": 45}, "Срок — от 1 до 30 рабочих дней."),
        ({"responsible": "stranger"}, "Ответственный должен работать в организации."),
    ],
)
def test_an_invalid_value_entered_in_the_admin_is_refused_and_nothing_is_saved(
    organisation, admin_client, stored, changes, message
):
    if changes.get("responsible") == "stranger":
        changes = {"responsible": UserFactory().pk}  # a user who does not work in the organisation
    audit_before = AuditEntry.objects.count()
    page = admin_client.post(
        f"/admin/feedback/feedbacksettings/{stored.pk}/change/", settings_form(organisation, **changes)
    )
    assert page.status_code == 200
    assert message in page.content.decode()
    kept = FeedbackSettings.objects.get(pk=stored.pk)
    assert (kept.negative_below, kept.follow_up_working_days, kept.complaint_stems, kept.responsible) == (
        4,
        5,
        "хам",
        None,
    )
    assert AuditEntry.objects.count() == audit_before


def test_a_valid_change_in_the_admin_goes_through_the_service_and_is_audited(organisation, admin_client, stored):
    responsible = manager(organisation)
    page = admin_client.post(
        f"/admin/feedback/feedbacksettings/{stored.pk}/change/",
        settings_form(organisation, negative_below=3, complaint_stems="  хам \n\n нагруб ", responsible=responsible.pk),
    )
    assert page.status_code == 302
    saved = FeedbackSettings.objects.get(pk=stored.pk)
    assert (saved.negative_below, saved.responsible) == (3, responsible)
    assert saved.complaint_stems == "хам\nнагруб"  # the service's clean-up of blank lines and spaces
    entry = AuditEntry.objects.filter(action="feedback.settings.changed").latest("id")
    assert entry.actor.username == "admin" and entry.organisation == organisation
    assert (entry.before["negative_below"], entry.after["negative_below"]) == (4, 3)
    assert not AuditEntry.objects.filter(action__startswith="admin.feedbacksettings").exists()


def test_settings_added_in_the_admin_are_written_by_the_service(organisation, admin_client):
    page = admin_client.post("/admin/feedback/feedbacksettings/add/", settings_form(organisation, negative_below=5))
    assert page.status_code == 302
    assert FeedbackSettings.objects.get(organisation=organisation).negative_below == 5
    assert AuditEntry.objects.filter(action="feedback.settings.changed", organisation=organisation).count() == 1
    refused = admin_client.post("/admin/feedback/feedbacksettings/add/", settings_form(organisation, negative_below=1))
    assert refused.status_code == 200 and FeedbackSettings.objects.count() == 1


def test_the_admin_pages_open_and_a_staff_user_without_a_managers_role_is_refused(organisation, admin_client, stored):
    change = f"/admin/feedback/feedbacksettings/{stored.pk}/change/"
    assert admin_client.get(change).status_code == 200
    assert admin_client.get("/admin/feedback/feedbacksettings/").status_code == 200
    clerk = member(organisation, RoleCode.EXECUTOR)
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_feedbacksettings", "change_feedbacksettings"])
    )
    client = Client()
    client.force_login(clerk)
    page = client.post(change, settings_form(organisation, negative_below=3))
    assert page.status_code == 200 and "нужна роль" in page.content.decode()
    assert FeedbackSettings.objects.get(pk=stored.pk).negative_below == 4
