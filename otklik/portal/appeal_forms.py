"""The public «интернет-приёмная» form: who writes, where to answer, the text, files and consent (59-FZ art. 7)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from otklik.appeals.choices import AppealForm as AppealFormChoice
from otklik.appeals.choices import AppealKind, AuthorKind, IntakeChannel
from otklik.appeals.intake import AppealIntake, AuthorData, author_limit
from otklik.core.forms import ChallengeFormMixin, SubmissionKeyForm
from otklik.core.uploads import MultipleFileField, MultipleFileInput, accept_attribute, uploads_help

# The service's own messages (same msgids), so that the form and the service say the same thing.
LAST_NAME_MISSING = _("Укажите фамилию.")
FIRST_NAME_MISSING = _("Укажите имя.")
ORGANISATION_MISSING = _("Укажите наименование организации.")
EMAIL_INVALID = _("Проверьте адрес электронной почты.")
NO_ADDRESS = _("Укажите почтовый адрес или адрес электронной почты, по которому направить ответ.")
TEXT_MISSING = _("Напишите текст обращения.")

# Service error fields (ApplicationError.field) and the inputs they belong to; anything else is a form-wide error.
SERVICE_FIELDS = {
    "kind": "kind",
    "form": "form",
    "text": "text",
    "attachments": "attachments",
    "author.kind": "author_kind",
    "author.last_name": "last_name",
    "author.first_name": "first_name",
    "author.middle_name": "middle_name",
    "author.organisation_name": "organisation_name",
    "author.email": "email",
    "author.phone": "phone",
    "author.postal_address": "postal_address",
}
PERSON_REQUIRED = ("last_name", "first_name")
ORGANISATION_REQUIRED = ("organisation_name",)


@dataclass(frozen=True)
class FieldGroup:
    name: str
    legend: str
    note: str
    fields: list[BoundField]


class AppealForm(ChallengeFormMixin, SubmissionKeyForm):
    kind = forms.ChoiceField(
        label=_("Что вы направляете"),
        choices=AppealKind.choices,
        initial=AppealKind.APPEAL,
        widget=forms.RadioSelect,
        help_text=_("Запрос информации — просьба сообщить сведения о деятельности органа (8-ФЗ)."),
    )
    author_kind = forms.ChoiceField(
        label=_("Кто обращается"),
        choices=AuthorKind.choices,
        initial=AuthorKind.PERSON,
        widget=forms.RadioSelect,
    )
    last_name = forms.CharField(
        label=_("Фамилия"),
        max_length=author_limit("last_name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    first_name = forms.CharField(
        label=_("Имя"),
        max_length=author_limit("first_name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    middle_name = forms.CharField(
        label=_("Отчество (при наличии)"),
        max_length=author_limit("middle_name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "additional-name"}),
    )
    organisation_name = forms.CharField(
        label=_("Наименование организации"),
        max_length=author_limit("organisation_name"),
        required=False,
        help_text=_("Для организации; фамилию и имя укажите представителя, если он есть."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("Электронная почта"),
        max_length=author_limit("email"),
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
        help_text=_(
            "На неё сразу придёт подтверждение с номером и кодом доступа, а затем ответ. "
            "Можно не заполнять, если указан почтовый адрес: нужен хотя бы один из них."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postal_address = forms.CharField(
        label=_("Почтовый адрес"),
        max_length=author_limit("postal_address"),
        required=False,
        help_text=_("С индексом. Можно не заполнять, если указана электронная почта: нужен хотя бы один адрес."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=author_limit("phone"),
        required=False,
        help_text=_("Необязательно: если понадобится уточнить обращение."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    form = forms.ChoiceField(
        label=_("Форма обращения"),
        choices=[("", _("— не указана —")), *AppealFormChoice.choices],
        required=False,
        help_text=_("Необязательно: предложение, заявление или жалоба."),
    )
    text = forms.CharField(
        label=_("Текст обращения"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": TEXT_MISSING},
        help_text=_("Изложите суть предложения, заявления или жалобы."),
    )
    attachments = MultipleFileField(
        label=_("Файлы"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": accept_attribute()}),
    )
    consent = forms.BooleanField(
        label=_("Я согласен(на) на обработку персональных данных в целях рассмотрения обращения (152-ФЗ)"),
        error_messages={
            "required": _("Без согласия на обработку персональных данных обращение не может быть отправлено.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = uploads_help()
        # The names a person must give depend on who writes; the page's script flips these when the choice changes.
        required = ORGANISATION_REQUIRED if self.writes_as == AuthorKind.ORGANISATION else PERSON_REQUIRED
        for name in required:
            self.fields[name].widget.attrs.update({"required": True})
        for name, field in self.fields.items():
            # A radio group says it is required on its fieldset (role="radiogroup"), not on every radio.
            if (field.required or name in required) and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-required"] = "true"

    @property
    def writes_as(self) -> str:
        """Who writes, as chosen in the (possibly unvalidated) data: decides which names are required."""
        value = self.data.get("author_kind") if self.is_bound else None
        return str(value or self.initial.get("author_kind") or AuthorKind.PERSON)

    @property
    def required_names(self) -> set[str]:
        """Inputs to mark with an asterisk now (the names depend on who writes)."""
        conditional = ORGANISATION_REQUIRED if self.writes_as == AuthorKind.ORGANISATION else PERSON_REQUIRED
        asked = {"challenge_answer"} if self.challenge_asked else set()
        return {name for name, field in self.fields.items() if field.required} | set(conditional) | asked

    def groups(self) -> list[FieldGroup]:
        """The page's blocks in order; a block with a legend is a fieldset."""
        return [
            FieldGroup("kind", "", "", [self["kind"]]),
            FieldGroup(
                "author",
                str(_("Сведения об авторе")),
                str(_("Анонимные обращения не рассматриваются по существу (ст. 11 59-ФЗ).")),
                [self[name] for name in ("author_kind", "last_name", "first_name", "middle_name", "organisation_name")],
            ),
            FieldGroup(
                "answer",
                str(_("Куда направить ответ")),
                str(_("Укажите хотя бы одно: электронную почту или почтовый адрес.")),
                [self[name] for name in ("email", "postal_address", "phone")],
            ),
            FieldGroup("appeal", str(_("Обращение")), "", [self[name] for name in ("form", "text", "attachments")]),
            *(
                [FieldGroup("challenge", str(_("Проверка")), "", [self["challenge_answer"]])]
                if self.challenge_asked
                else []
            ),
        ]

    def clean(self) -> dict[str, Any]:
        """The rules the service checks too, all at once, so that a person fixes everything in one go."""
        data = super().clean() or {}
        if data.get("author_kind") == AuthorKind.ORGANISATION:
            if not (data.get("organisation_name") or "").strip():
                self.add_error("organisation_name", ORGANISATION_MISSING)
        else:
            if not (data.get("last_name") or "").strip():
                self.add_error("last_name", LAST_NAME_MISSING)
            if not (data.get("first_name") or "").strip():
                self.add_error("first_name", FIRST_NAME_MISSING)
        if "email" not in self.errors and not data.get("email") and not (data.get("postal_address") or "").strip():
            self.add_error("email", NO_ADDRESS)
        return data

    def author(self) -> AuthorData:
        """The author as the service takes it; an organisation's name only when an organisation writes."""
        data = self.cleaned_data
        kind = data["author_kind"]
        return AuthorData(
            kind=kind,
            last_name=data["last_name"],
            first_name=data["first_name"],
            middle_name=data["middle_name"],
            organisation_name=data["organisation_name"] if kind == AuthorKind.ORGANISATION else "",
            email=data["email"],
            phone=data["phone"],
            postal_address=data["postal_address"],
        )

    def intake(self) -> AppealIntake:
        """The cleaned form as services.appeal_register takes it: an appeal through the portal."""
        data = self.cleaned_data
        return AppealIntake(
            kind=data["kind"],
            channel=IntakeChannel.PORTAL,
            text=data["text"],
            author=self.author(),
            attachments=tuple(self.uploads()),
            form=data["form"],
            submission_key=data["submission_key"],
        )

    def uploads(self) -> Sequence[UploadedFile]:
        return self.cleaned_data.get("attachments") or []

    def service_field(self, field: str) -> str:
        """The input at fault for a service refusal; an unlisted field goes to the top of the form."""
        return SERVICE_FIELDS.get(field, "")
