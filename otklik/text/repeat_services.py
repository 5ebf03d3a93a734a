"""The text room's repeat service: stores what the repeat check found for a newly registered appeal (R-AP-7)."""

from __future__ import annotations

from django.db import transaction

from otklik.appeals.models import Appeal
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.orgs.models import User

from .models import RepeatFinding
from .repeats import find_repeat


@transaction.atomic
def repeat_check(*, appeal: Appeal, actor: User | None) -> RepeatFinding | None:
    """Find whether the appeal repeats the author's earlier ones and store the finding; None when it does not."""
    found = find_repeat(appeal)
    if found is None:
        return None
    finding, _created = RepeatFinding.objects.update_or_create(
        appeal=appeal,
        defaults={
            "kind": found.kind,
            "similarity": found.similarity,
            "answers_on_merits": found.answers_on_merits,
            "new_lemmas": found.new_lemmas,
        },
    )
    finding.earlier.set(found.earlier)
    audit_record(
        actor=actor,
        action=AuditAction.REPEAT_FOUND,
        obj=appeal,
        organisation=appeal.organisation,
        after={
            "kind": found.kind,
            "earlier": [item.pk for item in found.earlier],
            "similarity": found.similarity,
            "answers_on_merits": found.answers_on_merits,
        },
    )
    return finding


def repeat_check_on_registration(appeal: Appeal) -> None:
    """The registration hook (appeals.intake_hooks): the check, audited as done by whoever registered the appeal."""
    repeat_check(appeal=appeal, actor=appeal.registered_by)
