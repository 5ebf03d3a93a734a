"""Reads of the FAQ: the published entries for the portal, every entry for its editors."""

from __future__ import annotations

from django.db.models import QuerySet

from otklik.core.errors import PermissionDeniedError
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, has_role

from .models import FaqEntry
from .services import EDITOR_ROLES


def published_faq(organisation: Organisation) -> QuerySet[FaqEntry]:
    return FaqEntry.objects.filter(organisation=organisation, is_published=True)


def faq_for_editor(*, user: AnyUser, organisation: Organisation) -> QuerySet[FaqEntry]:
    if not has_role(user, organisation, *EDITOR_ROLES):
        raise PermissionDeniedError("Нет права редактировать вопросы и ответы.")
    return FaqEntry.objects.filter(organisation=organisation)


def faq_entry_for_editor(*, user: AnyUser, organisation: Organisation, pk: int) -> FaqEntry | None:
    return faq_for_editor(user=user, organisation=organisation).filter(pk=pk).first()
