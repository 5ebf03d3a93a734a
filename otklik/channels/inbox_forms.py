"""Forms of the social-media inbox pages: filters, answer, closing, manual entry, file import, typical answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from otklik.appeals.intake import AuthorData
from otklik.core.forms import ServiceErrorFormMixin, SubmissionKeyForm
from otklik.orgs.models import Channel, Organisation

from .choices import SocialItemKind
from .models import InboxState, SocialAnswerTemplate

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


class InboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Состояние"), required=False, choices=[("", _("Все")), *InboxState.choices], initial=InboxState.NEW
    )
    kind = forms.ChoiceField(label=_("Вид"), required=False, choices=[("", _("Все")), *SocialItemKind.choices])
    channel = forms.TypedChoiceField(label=_("Канал"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, channels: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Все")), *channels]  # type: ignore[attr-defined]


class AnswerForm(ServiceErrorFormMixin, forms.Form):
    template = forms.TypedChoiceField(label=_("Типовой ответ"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(label=_("Текст ответа"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000)

    def __init__(self, *args: Any, templates: QuerySet[SocialAnswerTemplate], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.templates = {template.pk: template for template in templates}
        self.fields["template"].choices = [  # type: ignore[attr-defined]
            ("", _("— без типового ответа —")),
            *((pk, template.title) for pk, template in self.templates.items()),
        ]

    def chosen_template(self) -> SocialAnswerTemplate | None:
        pk = self.cleaned_data.get("template")
        return self.templates.get(pk) if pk else None


class CloseForm(ServiceErrorFormMixin, forms.Form):
    reason = forms.CharField(label=_("Причина, по которой ответ не нужен"), max_length=2000)


class ConvertForm(ServiceErrorFormMixin, forms.Form):
    """The author of the appeal: 59-FZ wants a name and an address for the answer, which the operator asks for."""

    last_name = forms.CharField(label=_("Фамилия"), max_length=150)
    first_name = forms.CharField(label=_("Имя"), max_length=150)
    middle_name = forms.CharField(label=_("Отчество"), max_length=150, required=False)
    email = forms.EmailField(label=_("Электронная почта для ответа"), required=False)
    postal_address = forms.CharField(label=_("Почтовый адрес для ответа"), max_length=500, required=False)

    def service_field(self, field: str) -> str:
        return field.removeprefix("author.")

    def author(self) -> AuthorData:
        return AuthorData(**{name: self.cleaned_data.get(name) or "" for name in self.fields})


class ItemForm(SubmissionKeyForm):
    """An item typed in by the operator from a platform the body has no adapter for."""

    channel = forms.ModelChoiceField(label=_("Канал"), queryset=Channel.objects.none())
    kind = forms.ChoiceField(label=_("Вид"), choices=SocialItemKind.choices)
    widget_category = forms.CharField(label=_("Категория (для сообщения из виджета)"), required=False, max_length=200)
    author_handle = forms.CharField(label=_("Автор (имя на площадке)"), required=False, max_length=200)
    author_name = forms.CharField(label=_("Автор (имя)"), required=False, max_length=300)
    link = forms.CharField(label=_("Ссылка на сообщение"), required=False, max_length=1000)
    received_at = forms.DateTimeField(
        label=_("Поступило"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    text = forms.CharField(label=_("Текст"), widget=forms.Textarea(attrs={"rows": 6}))
    external_id = forms.CharField(
        label=_("Идентификатор на площадке"),
        required=False,
        max_length=200,
        help_text=_("Если указан, то же сообщение второй раз не сохранится."),
    )

    def __init__(self, *args: Any, organisation: Organisation, channels: QuerySet[Channel], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["channel"].queryset = channels  # type: ignore[attr-defined]

    def intake_values(self) -> dict[str, Any]:
        """The item's fields; without a platform id the form's one-time key stands in, so a resubmit adds nothing."""
        values = {name: value for name, value in self.cleaned_data.items() if name != "submission_key"}
        values["external_id"] = values["external_id"] or f"form:{self.cleaned_data['submission_key']}"
        return values

    def clean_received_at(self) -> dt.datetime:
        """The time typed is the body's local time, whatever the server's zone."""
        value: dt.datetime = self.cleaned_data["received_at"]
        return value.replace(tzinfo=None).replace(tzinfo=self.organisation.tz)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Файл CSV"))


class TemplateForm(ServiceErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("Название"), max_length=200)
    text = forms.CharField(label=_("Текст"), widget=forms.Textarea(attrs={"rows": 5}))
