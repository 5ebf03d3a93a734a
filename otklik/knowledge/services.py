"""The only writers of the FAQ: staff with an editing role add, change and remove entries."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.core.audit import audit_record, snapshot
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.permissions import require_role

from .models import FaqEntry

EDITOR_ROLES = (RoleCode.ADMINISTRATOR, RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.CC_OPERATOR)
FIELDS = ["question", "answer", "sort_order", "is_published"]


def faq_entry_check(*, actor: User, organisation: Organisation, question: str, answer: str) -> tuple[str, str]:
    """Refuse what the writers below refuse; returns the trimmed question and answer (the admin form asks here)."""
    require_role(actor, organisation, *EDITOR_ROLES)
    question, answer = question.strip(), answer.strip()
    if not question:
        raise ApplicationError(_("Напишите вопрос."), field="question")
    if len(question) > 500:
        raise ApplicationError(_("Вопрос — не длиннее 500 знаков."), field="question")
    if not answer:
        raise ApplicationError(_("Напишите ответ."), field="answer")
    return question, answer


@transaction.atomic
def faq_entry_create(
    *,
    actor: User,
    organisation: Organisation,
    question: str,
    answer: str,
    sort_order: int = 0,
    is_published: bool = True,
) -> FaqEntry:
    question, answer = faq_entry_check(actor=actor, organisation=organisation, question=question, answer=answer)
    entry = FaqEntry.objects.create(
        organisation=organisation, question=question, answer=answer, sort_order=sort_order, is_published=is_published
    )
    audit_record(
        actor=actor,
        action=AuditAction.FAQ_CREATED,
        obj=entry,
        organisation=organisation,
        after=snapshot(entry, fields=FIELDS),
    )
    return entry


@transaction.atomic
def faq_entry_update(
    *, actor: User, entry: FaqEntry, question: str, answer: str, sort_order: int = 0, is_published: bool = True
) -> FaqEntry:
    entry = FaqEntry.objects.select_for_update().select_related("organisation").get(pk=entry.pk)
    before = snapshot(entry, fields=FIELDS)
    entry.question, entry.answer = faq_entry_check(
        actor=actor, organisation=entry.organisation, question=question, answer=answer
    )
    entry.sort_order, entry.is_published = sort_order, is_published
    entry.save()
    audit_record(
        actor=actor,
        action=AuditAction.FAQ_UPDATED,
        obj=entry,
        organisation=entry.organisation,
        before=before,
        after=snapshot(entry, fields=FIELDS),
    )
    return entry


@transaction.atomic
def faq_entry_delete(*, actor: User, entry: FaqEntry) -> None:
    entry = FaqEntry.objects.select_for_update().select_related("organisation").get(pk=entry.pk)
    require_role(actor, entry.organisation, *EDITOR_ROLES)
    audit_record(
        actor=actor,
        action=AuditAction.FAQ_DELETED,
        obj=entry,
        organisation=entry.organisation,
        before=snapshot(entry, fields=FIELDS),
    )
    entry.delete()
