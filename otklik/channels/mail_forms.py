"""Mailbox intake's forms: registering an appeal from a letter (the appeals form, prefilled), attaching, marking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from otklik.appeals.choices import AppealKind, IntakeChannel
from otklik.appeals.forms import StaffRegistrationForm
from otklik.calendars.selectors import today_for

from .mail_services import MARKS
from .models import Letter, LetterStatus


def author_names(display_name: str) -> dict[str, str]:
    """The author's names from a From display name: «Фамилия Имя Отчество» as Russian letters sign; staff check."""
    words = display_name.replace('"', " ").split()
    if len(words) >= 3:
        return {"last_name": words[0], "first_name": words[1], "middle_name": " ".join(words[2:])}
    if len(words) == 2:
        return {"last_name": words[0], "first_name": words[1], "middle_name": ""}
    return {"last_name": words[0] if words else "", "first_name": "", "middle_name": ""}


class LetterRegistrationForm(StaffRegistrationForm):
    """The staff registration form, filled from the letter; the channel and the arrival time are the letter's."""

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        initial = {
            "kind": AppealKind.APPEAL,
            "channel": IntakeChannel.EMAIL,
            "received_at": letter.received_at,
            "registered_on": today_for(letter.organisation),
            "email": letter.from_address,
            "text": letter.text or letter.subject,
            **author_names(letter.from_name),
        }
        super().__init__(*args, organisation=letter.organisation, initial=initial, **kwargs)
        self.fields["channel"].disabled = True
        self.fields["received_at"].disabled = True
        self.fields["received_at"].help_text = _("Время поступления письма в почтовый ящик.")
        self.fields["attachments"].label = _("Ещё файлы (файлы письма приложатся сами)")
        self.letter = letter


class LetterAttachForm(forms.Form):
    number = forms.CharField(label=_("Номер обращения"), max_length=50)


class LetterMarkForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Что это за письмо"),
        choices=[(status.value, status.label) for status in MARKS],
        widget=forms.RadioSelect,
        initial=LetterStatus.NOT_APPEAL,
    )
    reason = forms.CharField(
        label=_("Основание"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Обязательно, если письмо — не обращение (например, реклама или спам)."),
    )


def local_received(letter: Letter) -> str:
    return timezone.localtime(letter.received_at, letter.organisation.tz).strftime("%d.%m.%Y %H:%M")
