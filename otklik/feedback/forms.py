"""Forms of the feedback pages: the survey builder, links, follow-up, settings, import, publications."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from otklik.core.forms import ServiceErrorFormMixin
from otklik.orgs.models import Organisation, Unit, User
from otklik.touchpoints.models import Process

from .choices import Audience, EventKind, FollowUpStatus, QuestionKind, RatingSource
from .models import FollowUpTask, Survey
from .questionnaire import QuestionSpec
from .ratings import quarter_of
from .services import FOLLOW_UP_DAYS_RANGE, NEGATIVE_BELOW_RANGE, SURVEY_FIELDS

LINES = forms.Textarea(attrs={"rows": 3})


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in re.split(r"[\n;]", text or "") if line.strip())


class SurveyForm(ServiceErrorFormMixin, forms.ModelForm[Survey]):
    intro = forms.CharField(label=_("Вступление (показывается перед вопросами)"), required=False, widget=LINES)

    class Meta:
        model = Survey
        fields = ["title", "code", *(name for name in SURVEY_FIELDS if name != "title")]
        help_texts = {"code": _("Латиницей, для адреса опроса: /o/<организация>/feedback/s/<код>/")}

    def __init__(self, *args: Any, organisation: Organisation, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        if editing:
            del self.fields["code"]

    def validate_unique(self) -> None:  # the service checks the code against the organisation
        return None


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Текст вопроса"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Тип"), choices=QuestionKind.choices, initial=QuestionKind.RATING)
    code = forms.CharField(label=_("Код (необязательно)"), max_length=40, required=False)
    required = forms.BooleanField(label=_("Обязательный"), required=False)
    options = forms.CharField(label=_("Варианты (по одному на строку)"), required=False, widget=LINES)
    rows = forms.CharField(label=_("Строки матрицы (по одной на строку)"), required=False, widget=LINES)
    show_if_code = forms.CharField(label=_("Показывать, если ответ на вопрос с кодом"), max_length=40, required=False)
    show_if_values = forms.CharField(label=_("…один из ответов (через «;»)"), max_length=500, required=False)

    def spec(self, position: int) -> QuestionSpec | None:
        data = self.cleaned_data
        if not data.get("text"):
            return None
        return QuestionSpec(
            code=(data.get("code") or f"q{position}").strip(),
            text=data["text"].strip(),
            kind=data["kind"],
            required=bool(data.get("required")),
            options=_lines(data.get("options", "")),
            rows=_lines(data.get("rows", "")),
            show_if_code=(data.get("show_if_code") or "").strip(),
            show_if_values=_lines(data.get("show_if_values", "")),
        )

    @staticmethod
    def initial_from(spec: QuestionSpec) -> dict[str, Any]:
        return {
            "text": spec.text,
            "kind": spec.kind,
            "code": spec.code,
            "required": spec.required,
            "options": "\n".join(spec.options),
            "rows": "\n".join(spec.rows),
            "show_if_code": spec.show_if_code,
            "show_if_values": "; ".join(spec.show_if_values),
        }


QuestionFormSet = forms.formset_factory(QuestionForm, extra=3, max_num=60)


def question_specs(formset: Any) -> list[QuestionSpec]:
    specs: list[QuestionSpec] = []
    for form in formset.forms:
        spec = form.spec(len(specs) + 1) if form.is_valid() else None
        if spec is not None:
            specs.append(spec)
    return specs


class InvitationForm(forms.Form):
    event_kind = forms.ChoiceField(label=_("После какого события"), choices=EventKind.choices)
    event_id = forms.CharField(label=_("Номер мероприятия, услуги или обращения"), max_length=100, required=False)
    event_description = forms.CharField(label=_("Описание события"), max_length=500, required=False)
    process = forms.ModelChoiceField(
        label=_("Процесс или этап услуги (если не тот, что у опроса)"), queryset=Process.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("Подразделение"), queryset=Unit.objects.none(), required=False)
    email = forms.EmailField(
        label=_("Электронная почта получателя (необязательно)"),
        required=False,
        help_text=_("Адрес используется только для отправки ссылки и не сохраняется."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class FollowUpCloseForm(ServiceErrorFormMixin, forms.Form):
    measures = forms.CharField(label=_("Принятые меры"), widget=forms.Textarea(attrs={"rows": 4}))


class SettingsForm(ServiceErrorFormMixin, forms.Form):
    negative_below = forms.IntegerField(
        label=_("Оценка ниже этого значения — негативная"),
        min_value=NEGATIVE_BELOW_RANGE[0],
        max_value=NEGATIVE_BELOW_RANGE[1],
        initial=4,
    )
    follow_up_working_days = forms.IntegerField(
        label=_("Срок отработки, рабочих дней"), min_value=FOLLOW_UP_DAYS_RANGE[0], max_value=FOLLOW_UP_DAYS_RANGE[1]
    )
    complaint_stems = forms.CharField(
        label=_("Признаки жалобы в свободном ответе (основы слов, по одной на строку)"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    responsible = forms.ModelChoiceField(
        label=_("Ответственный за отработку анкет"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=organisation, memberships__is_active=True
        ).order_by("last_name", "first_name")


class ImportForm(forms.Form):
    source = forms.ChoiceField(label=_("Источник оценок"), choices=RatingSource.choices)
    file = forms.FileField(label=_("Файл CSV"))


class PublicationForm(ServiceErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("Заголовок"), max_length=300)
    said = forms.CharField(label=_("Вы сказали"), widget=forms.Textarea(attrs={"rows": 3}))
    did = forms.CharField(label=_("Мы сделали"), widget=forms.Textarea(attrs={"rows": 3}))
    surveys = forms.ModelMultipleChoiceField(
        label=_("По каким опросам"), queryset=Survey.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    follow_ups = forms.ModelMultipleChoiceField(
        label=_("По каким отработанным анкетам"),
        queryset=FollowUpTask.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["surveys"].queryset = Survey.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, audience=Audience.CLIENTS
        )
        self.fields["follow_ups"].queryset = FollowUpTask.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, status=FollowUpStatus.CLOSED
        )


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Квартал"), coerce=int, choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
    )

    @staticmethod
    def initial_for(today: dt.date) -> dict[str, int]:
        return {"year": today.year, "quarter": quarter_of(today)}
