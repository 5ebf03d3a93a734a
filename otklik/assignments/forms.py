"""Forms of the assignment pages: the resolution, the report, the controller's decision, the period."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from otklik.core.forms import ServiceErrorFormMixin
from otklik.core.uploads import MultipleFileField
from otklik.orgs.models import Organisation, User

from .choices import DocumentKind
from .models import RouteTemplate

TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _staff(organisation: Organisation) -> Any:
    return User.objects.filter(
        is_active=True, memberships__organisation=organisation, memberships__is_active=True
    ).order_by("last_name", "first_name")


class ResolutionForm(ServiceErrorFormMixin, forms.Form):
    route = forms.ModelChoiceField(
        label=_("Шаблон маршрута"), queryset=RouteTemplate.objects.none(), required=False,
        help_text=_("Заполняет исполнителей, контролёра и срок; поля ниже имеют приоритет."),
    )  # fmt: skip
    document_kind = forms.ChoiceField(
        label=_("Вид документа"),
        choices=[(k, v) for k, v in DocumentKind.choices if k != DocumentKind.APPEAL],
        required=False,
    )
    document_title = forms.CharField(label=_("Документ (наименование, номер, дата)"), required=False, max_length=500)
    text = forms.CharField(label=_("Текст резолюции"), widget=TEXTAREA, max_length=20_000)
    executor = forms.ModelChoiceField(
        label=_("Ответственный исполнитель"), queryset=User.objects.none(), required=False
    )
    co_executors = forms.ModelMultipleChoiceField(
        label=_("Соисполнители"), queryset=User.objects.none(), required=False
    )
    controller = forms.ModelChoiceField(
        label=_("Контролёр"), queryset=User.objects.none(), required=False,
        help_text=_("Если не указан — заместитель руководителя, названный первым (п. 11.5.1)."),
    )  # fmt: skip
    due_date = forms.DateField(label=_("Срок исполнения"), widget=DATE, required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, organisation: Organisation, with_document: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        staff = _staff(organisation)
        for name in ("executor", "co_executors", "controller"):
            self.fields[name].queryset = staff  # type: ignore[attr-defined]
        self.fields["route"].queryset = RouteTemplate.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, is_active=True
        )
        if not with_document:
            del self.fields["document_kind"], self.fields["document_title"]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Что сделано"), widget=TEXTAREA, max_length=20_000)
    attachments = MultipleFileField(label=_("Файлы"), required=False)


class DecisionForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Решение"), choices=[("accept", _("Принять отчёт")), ("reject", _("Отклонить отчёт"))]
    )
    reason = forms.CharField(label=_("Причина отклонения (виза)"), widget=TEXTAREA, required=False)
    new_due_date = forms.DateField(label=_("Новый срок исполнения"), widget=DATE, required=False)
    new_executor = forms.ModelChoiceField(
        label=_("Новое поручение: исполнитель"), queryset=User.objects.none(), required=False
    )
    new_text = forms.CharField(label=_("Новое поручение: текст"), widget=TEXTAREA, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["new_executor"].queryset = _staff(organisation)  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("С"), widget=DATE)
    end = forms.DateField(label=_("По"), widget=DATE)
    proposals = forms.CharField(label=_("Предложения по оптимизации задач"), widget=TEXTAREA, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise forms.ValidationError(_("Конец периода раньше его начала."))
        return data
