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
