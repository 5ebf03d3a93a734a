"""Forms of the notifications room: a body's own subject and text for one message event."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from otklik.core.forms import ServiceErrorFormMixin

from .message_templates import BODY_LIMIT, SUBJECT_LIMIT


class MessageTemplateForm(ServiceErrorFormMixin, forms.Form):
    subject = forms.CharField(label=_("Тема"), max_length=SUBJECT_LIMIT)
    body = forms.CharField(
        label=_("Текст"), max_length=BODY_LIMIT, strip=False, widget=forms.Textarea(attrs={"rows": 14})
    )
