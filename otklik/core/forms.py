"""Form pieces every room shares: a service's refusal shown next to the input it names, the hidden submission
key every submitting form carries, and the question asked when an address nears its budget."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .challenge import FIELD as CHALLENGE_FIELD
from .challenge import TOKEN_FIELD as CHALLENGE_TOKEN
from .challenge import Challenge, ChallengeReply
from .errors import ApplicationError
from .submission_keys import FIELD as KEY_FIELD
from .submission_keys import MAX_LENGTH, MISSING_IN_FORM, new_submission_key

if TYPE_CHECKING:
    from django.forms import BaseForm

    _FormBase = BaseForm
else:
    _FormBase = object


def replaced(data: Mapping[str, Any], **values: str) -> Mapping[str, Any]:
    """A copy of a bound form's data with some inputs replaced; a QueryDict keeps its multi-valued inputs."""
    if isinstance(data, QueryDict):
        copy = data.copy()
        for name, value in values.items():
            copy[name] = value
        return copy
    return {**data, **values}


class ServiceErrorFormMixin(_FormBase):
    """Mix into a form whose view calls a service: the service's ApplicationError lands on the form."""

    def service_field(self, field: str) -> str:
        """The input a service's field name belongs to; override where the form names its inputs differently."""
        return field

    def add_service_error(self, error: ApplicationError | str, field: str | None = None) -> None:
        """Put the refusal on the input it names when the form has one, otherwise above the form.

        Takes the ApplicationError itself, or its message and field.
        """
        if isinstance(error, ApplicationError):
            message, field = error.message, error.field
        else:
            message = error
        name = self.service_field(field) if field else None
        self.add_error(name if name in self.fields else None, message)


class SubmissionKeyForm(ServiceErrorFormMixin, forms.Form):
    """A submitting form: it carries a hidden one-time key, and the service registers one thing per key and sender.

    A missing key, or one the service refuses, is told above the form; everything typed stays, and the page gets
    a fresh key so that the next «Отправить» goes through.
    """

    submission_key = forms.CharField(
        widget=forms.HiddenInput,
        max_length=MAX_LENGTH,
        error_messages={"required": MISSING_IN_FORM, "max_length": MISSING_IN_FORM},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(KEY_FIELD, new_submission_key())

    def full_clean(self) -> None:
        super().full_clean()
        refused = self.errors.pop(KEY_FIELD, None) if self.is_bound else None
        if refused:
            self.add_error(None, [str(message) for message in refused])
            self.renew_submission_key()

    def renew_submission_key(self) -> None:
        """The page shown next carries a new key (the posted data is otherwise kept as it came)."""
        self.data = replaced(self.data, **{KEY_FIELD: new_submission_key()})

    def add_service_error(self, error: ApplicationError | str, field: str | None = None) -> None:
        message = error.message if isinstance(error, ApplicationError) else error
        field = error.field if isinstance(error, ApplicationError) else field
        if field == KEY_FIELD:
            self.add_error(None, message)
            self.renew_submission_key()
            return
        super().add_service_error(message, field)


class ChallengeFormMixin(_FormBase):
    """A form that can ask core.challenge's question: `challenge_ask` before validation, `challenge_reply` after."""

    challenge_reply: ChallengeReply = ChallengeReply()

    def challenge_ask(self, challenge: Challenge) -> None:
        """Add the question; the answer posted to the previous one is kept in `challenge_reply`, the page gets
        the new question (each is accepted once)."""
        if self.is_bound:
            self.challenge_reply = ChallengeReply(
                str(self.data.get(CHALLENGE_TOKEN, "")), str(self.data.get(CHALLENGE_FIELD, ""))
            )
            self.data = replaced(self.data, **{CHALLENGE_TOKEN: challenge.token, CHALLENGE_FIELD: ""})
        self.fields[CHALLENGE_TOKEN] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial[CHALLENGE_TOKEN] = challenge.token
        self.fields[CHALLENGE_FIELD] = forms.CharField(
            label=challenge.question,
            required=False,
            max_length=10,
            help_text=_("Проверка, что форму отправляет человек: ответ напишите цифрами."),
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "aria-required": "true"}),
        )

    @property
    def challenge_asked(self) -> bool:
        return CHALLENGE_FIELD in self.fields
