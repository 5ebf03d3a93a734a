"""Admin of mailbox intake: mailboxes saved through mailbox_save (validated, audited); letters only shown."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from otklik.core.admin import (
    PersonalDataReadAdmin,
    ReadOnlyModelAdmin,
    ServiceCheckedForm,
    ServiceWrittenAdmin,
    admin_actor,
)
from otklik.orgs.choices import ChannelType

from .mail_services import MailboxValues, mailbox_check, mailbox_save
from .models import Letter, Mailbox

VALUE_FIELDS = ["host", "port", "security", "username", "password_env", "folder", "is_active"]


def _values(data: dict[str, Any]) -> MailboxValues:
    return MailboxValues(**{name: data[name] for name in VALUE_FIELDS})


class MailboxForm(ServiceCheckedForm):
    class Meta:
        model = Mailbox
        fields = ["channel", *VALUE_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "channel" in self.fields:
            channel = self.fields["channel"]
            channel.queryset = channel.queryset.filter(channel_type=ChannelType.EMAIL)  # type: ignore[attr-defined]

    def service_check(self, data: dict[str, Any]) -> None:
        channel = data.get("channel") or self.instance.channel
        mailbox_check(actor=self.actor, channel=channel, values=_values(data))


@admin.register(Mailbox)
class MailboxAdmin(ServiceWrittenAdmin):
    form = MailboxForm
    list_display = ["channel", "host", "username", "folder", "is_active", "last_polled_at", "last_error"]
    list_filter = ["is_active", "channel__organisation"]
    fieldsets = [
        (None, {"fields": ["channel", "is_active"]}),
        (_("Подключение"), {"fields": ["host", "port", "security", "username", "password_env", "folder"]}),
        (_("Опрос"), {"fields": ["uidvalidity", "last_uid", "last_polled_at", "last_error"]}),
    ]
    readonly_fields = ["uidvalidity", "last_uid", "last_polled_at", "last_error"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.readonly_fields, *(["channel"] if obj is not None else [])]

    def save_model(self, request: HttpRequest, obj: Mailbox, form: Any, change: bool) -> None:
        saved = mailbox_save(actor=admin_actor(request), channel=obj.channel, values=_values(form.cleaned_data))
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # switch a mailbox off instead: its letters stay


@admin.register(Letter)
class LetterAdmin(PersonalDataReadAdmin, ReadOnlyModelAdmin):
    list_display = ["received_at", "organisation", "from_address", "subject", "status"]
    list_filter = ["status", "organisation"]
    search_fields = ["from_address", "subject", "message_id"]
    exclude = ["text"]
