"""The audit helper records who did what, and refuses to run outside a service's transaction."""

import pytest
from django.db import transaction

from otklik.core.audit import audit_record, snapshot
from otklik.core.models import AuditEntry
from otklik.orgs.tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused(organisation):
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record(actor=None, action="x", obj=organisation)
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_audit_records_actor_object_and_both_pictures(organisation):
    user = UserFactory()
    before = snapshot(organisation, fields=["appeal_term_days"])
    organisation.appeal_term_days = 25
    with transaction.atomic():
        entry = audit_record(
            actor=user,
            action="organisation.settings_changed",
            obj=organisation,
            organisation=organisation,
            before=before,
            after=snapshot(organisation, fields=["appeal_term_days"]),
        )
    entry.refresh_from_db()
    assert entry.actor == user
    assert entry.object_type == "orgs.organisation"
    assert entry.object_id == str(organisation.pk)
    assert entry.before == {"appeal_term_days": 30}
    assert entry.after == {"appeal_term_days": 25}
    assert "Тестовое министерство" in entry.object_repr


@pytest.mark.django_db
def test_an_action_missing_from_the_registry_is_refused_and_nothing_is_written(organisation):
    with transaction.atomic(), pytest.raises(ValueError, match="not in otklik.core.audit_actions"):
        audit_record(actor=None, action="organisation.renamed_quietly", obj=organisation)
    assert AuditEntry.objects.count() == 0


def test_every_registered_action_names_its_room_first():
    from otklik.core.audit_actions import AuditAction, AuditFamily, is_registered

    assert all(is_registered(action.value) and "." in action.value for action in AuditAction)
    assert AuditFamily.ADMIN_EDIT.of("controlsettings", "changed") == "admin.controlsettings.changed"
    assert is_registered(AuditFamily.PERSONAL_DATA_READ.of("appeal"))
