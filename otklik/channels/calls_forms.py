"""Forms of the contact centre's pages: the call card, the appeal told over the phone, the list's filter, import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from otklik.appeals.intake import AuthorData
from otklik.core.forms import ServiceErrorFormMixin, SubmissionKeyForm
from otklik.orgs.models import Organisation

from .calls_import import FORMAT_CSV, FORMAT_QUEUE_LOG
from .calls_services import MAX_SECONDS, CallValues
from .models import PhoneLine
from .models.calls import CallDirection, CallOutcome, UnansweredOutcome

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
YES_NO = [("", _("не известно")), ("1", _("да")), ("0", _("нет"))]
TRI = {"": None, "1": True, "0": False}


def _seconds(label: Any) -> forms.IntegerField:  # a lazy translation
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_SECONDS, initial=0)


class CallForm(SubmissionKeyForm):
    """The call card, filled in during the call (004 App. 1 §5.6–5.8; 004 App. 3 §7; 000 §3.2)."""

    line = forms.ModelChoiceField(label=_("Линия"), queryset=PhoneLine.objects.none())
    direction = forms.ChoiceField(label=_("Направление"), choices=CallDirection.choices, initial=CallDirection.IN)
    started_at = forms.DateTimeField(
        label=_("Начало звонка"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    call_id = forms.CharField(
        label=_("Идентификатор звонка в телефонной системе"),
        required=False,
        max_length=100,
        help_text=_("Если указан, тот же звонок не будет внесён дважды и не повторится при загрузке журнала."),
    )
    wait_seconds = _seconds(_("Ожидание в очереди, секунд"))
    talk_seconds = _seconds(_("Разговор, секунд"))
    wrap_seconds = _seconds(_("Постобработка, секунд"))
    hold_seconds = _seconds(_("Удержание, секунд"))
    transfers = forms.IntegerField(label=_("Переводов на других сотрудников"), min_value=0, max_value=100, initial=0)
    outcome = forms.ChoiceField(label=_("Исход"), choices=CallOutcome.choices, initial=CallOutcome.ANSWERED)
    first_contact_resolved = forms.ChoiceField(
        label=_("Вопрос решён при первом обращении"), choices=YES_NO, required=False
    )
    unanswered_outcome = forms.ChoiceField(
        label=_("Если ответить на вопрос не удалось (004 App. 1 §5.8)"),
        choices=UnansweredOutcome.choices,
        required=False,
    )
    topic_code = forms.CharField(label=_("Тематика (код классификатора)"), required=False, max_length=50)
    greeted_with_body_name = forms.BooleanField(label=_("Назвал полное наименование органа"), required=False)
    operator_named = forms.BooleanField(label=_("Назвал свои фамилию, имя, отчество и должность"), required=False)
    transfer_announced = forms.BooleanField(label=_("Предупредил о переводе звонка"), required=False)
    satisfaction_asked = forms.BooleanField(label=_("Спросил, удовлетворён ли клиент ответом"), required=False)
    satisfied = forms.ChoiceField(label=_("Клиент удовлетворён ответом"), choices=YES_NO, required=False)
    notes = forms.CharField(
        label=_("Заметки"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisation: Organisation, lines: QuerySet[PhoneLine], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["line"].queryset = lines  # type: ignore[attr-defined]

    def clean_started_at(self) -> dt.datetime:
        """The time typed is the body's local time, whatever the server's zone."""
        value: dt.datetime = self.cleaned_data["started_at"]
        return value.replace(tzinfo=None).replace(tzinfo=self.organisation.tz)

    def values(self) -> CallValues:
        data = self.cleaned_data
        return CallValues(
            line=data["line"],
            direction=data["direction"],
            started_at=data["started_at"],
            outcome=data["outcome"],
            call_id=data.get("call_id") or "",
            wait_seconds=data["wait_seconds"],
            talk_seconds=data["talk_seconds"],
            wrap_seconds=data["wrap_seconds"],
            hold_seconds=data["hold_seconds"],
            transfers=data["transfers"],
            first_contact_resolved=TRI[data.get("first_contact_resolved") or ""],
            satisfaction_asked=bool(data.get("satisfaction_asked")),
            satisfied=TRI[data.get("satisfied") or ""],
            topic_code=(data.get("topic_code") or "").strip(),
            unanswered_outcome=data.get("unanswered_outcome") or "",
            greeted_with_body_name=bool(data.get("greeted_with_body_name")),
            operator_named=bool(data.get("operator_named")),
            transfer_announced=bool(data.get("transfer_announced")),
            notes=data.get("notes") or "",
        )


class CallAppealForm(SubmissionKeyForm):
    """«Зарегистрировать обращение»: the author and the text, prefilled from the call; 59-FZ wants a name and an
    address for the answer, which the operator asks for."""

    last_name = forms.CharField(label=_("Фамилия"), max_length=150)
    first_name = forms.CharField(label=_("Имя"), max_length=150)
    middle_name = forms.CharField(label=_("Отчество"), max_length=150, required=False)
    phone = forms.CharField(label=_("Телефон"), max_length=50, required=False)
    email = forms.EmailField(label=_("Электронная почта для ответа"), required=False)
    postal_address = forms.CharField(label=_("Почтовый адрес для ответа"), max_length=500, required=False)
    text = forms.CharField(label=_("Суть обращения"), widget=forms.Textarea(attrs={"rows": 6}))

    def service_field(self, field: str) -> str:
        return field.removeprefix("author.")

    def author(self) -> AuthorData:
        names = ("last_name", "first_name", "middle_name", "phone", "email", "postal_address")
        return AuthorData(**{name: self.cleaned_data.get(name) or "" for name in names})


class CallFilterForm(forms.Form):
    line = forms.TypedChoiceField(label=_("Линия"), required=False, coerce=int, empty_value=None)
    operator = forms.TypedChoiceField(label=_("Оператор"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label=_("С"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("По"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, lines: list[tuple[int, str]], operators: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("Все")), *lines]  # type: ignore[attr-defined]
        if operators:
            self.fields["operator"].choices = [("", _("Все")), *operators]  # type: ignore[attr-defined]
        else:
            del self.fields["operator"]


class CallImportForm(ServiceErrorFormMixin, forms.Form):
    file_format = forms.ChoiceField(
        label=_("Формат"),
        choices=[(FORMAT_CSV, _("CSV")), (FORMAT_QUEUE_LOG, _("Журнал очередей Asterisk (queue_log)"))],
        initial=FORMAT_CSV,
    )
    file = forms.FileField(label=_("Файл"))
