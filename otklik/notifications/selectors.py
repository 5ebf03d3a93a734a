"""Permission-checked reads of the outbox (the send log, the messages about one object) and of message templates."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from otklik.core.audit import audit_read
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, require_member, require_role

from .message_templates import MESSAGE_TEMPLATE_ROLES, MessageEvent, message_event, message_events
from .models import MessageStatus, MessageTemplate, OutgoingMessage
from .services import About

SEND_LOG_ROLES = (RoleCode.ADMINISTRATOR, RoleCode.HEAD, RoleCode.REGISTRAR)


def outbox_for_staff(*, user: AnyUser, organisation: Organisation, status: str = "") -> QuerySet[OutgoingMessage]:
    """The body's send log, newest first, optionally of one status; the read of the addresses is audited."""
    require_role(user, organisation, *SEND_LOG_ROLES)
    messages = OutgoingMessage.objects.filter(organisation=organisation)
    if status in MessageStatus.values:
        messages = messages.filter(status=status)
    audit_read(
        actor=user if user.is_authenticated else None, obj=organisation, organisation=organisation, what="outbox"
    )
    return messages.order_by("-created_at", "-id")


def messages_about(obj: models.Model, *, user: AnyUser) -> list[OutgoingMessage]:
    """Messages about `obj`, oldest first, for a member of its body who was already let see `obj` by its own room."""
    about = About.of(obj)
    messages = OutgoingMessage.objects.filter(object_type=about.object_type, object_id=about.object_id)
    if about.organisation_id is not None:
        require_member(user, Organisation.objects.get(pk=about.organisation_id))
        messages = messages.filter(organisation_id=about.organisation_id)
    return list(messages.order_by("created_at", "id"))


@dataclass(frozen=True)
class EventTemplate:
    """An event with the body's own template, if it has one (else the default text is sent)."""

    event: MessageEvent
    template: MessageTemplate | None

    @property
    def subject(self) -> str:
        return self.template.subject if self.template else str(self.event.default_subject)

    @property
    def body(self) -> str:
        return self.template.body if self.template else str(self.event.default_body)


def message_templates_for_staff(*, user: AnyUser, organisation: Organisation) -> list[EventTemplate]:
    """Every registered event with the body's template of it, for its administrator."""
    require_role(user, organisation, *MESSAGE_TEMPLATE_ROLES)
    own = {template.event: template for template in MessageTemplate.objects.filter(organisation=organisation)}
    return [EventTemplate(event, own.get(event.code)) for event in message_events()]


def message_template_for_staff(*, user: AnyUser, organisation: Organisation, event: str) -> EventTemplate:
    """One event and the body's template of it; an unknown event is refused."""
    require_role(user, organisation, *MESSAGE_TEMPLATE_ROLES)
    spec = message_event(event)
    return EventTemplate(spec, MessageTemplate.objects.filter(organisation=organisation, event=event).first())
