"""Forms of the registry pages: a touchpoint proposal, a return comment."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from otklik.core.forms import ServiceErrorFormMixin
from otklik.orgs.choices import ChannelType

from .choices import LegalBasisKind, NeedCode, TouchpointKind
from .models import Process, Touchpoint

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class TouchpointProposalForm(ServiceErrorFormMixin, forms.Form):
    process = forms.ModelChoiceField(label=_("Процесс взаимодействия"), queryset=Process.objects.none(), required=False)
    new_process_name = forms.CharField(
        label=_("…или новый процесс"),
        required=False,
        max_length=500,
        help_text=_("Заполните, если точка относится к процессу, которого ещё нет в перечне."),
    )
    name = forms.CharField(label=_("Точка взаимодействия"), max_length=500)
    channel_type = forms.ChoiceField(label=_("Тип канала"), choices=[("", "—"), *ChannelType.choices])
    kind = forms.ChoiceField(label=_("Вид точки"), choices=TouchpointKind.choices, widget=forms.RadioSelect)
    address = forms.CharField(
        label=_("Адрес, ссылка или телефон"),
        required=False,
        max_length=1000,
        help_text=_("Несколько значений разделяйте точкой с запятой."),
    )
    needs = forms.MultipleChoiceField(
        label=_("Удовлетворяемые потребности клиента"),
        choices=NeedCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_need = forms.CharField(label=_("Другая потребность (опишите)"), required=False, max_length=500)
    features = forms.CharField(label=_("Особенности взаимодействия"), required=False, widget=TEXTAREA)
    is_key = forms.BooleanField(label=_("Ключевая точка (иначе — маловостребованная)"), required=False, initial=True)
    appeals_counted = forms.BooleanField(label=_("Ведётся учёт обращений через точку"), required=False, initial=True)
    legal_basis_kind = forms.ChoiceField(label=_("Основание"), choices=LegalBasisKind.choices, widget=forms.RadioSelect)
    legal_basis = forms.CharField(
        label=_("Реквизиты основания"),
        max_length=1000,
        required=False,
        help_text=_("Документ (вид, дата, номер, наименование) или распорядительное действие (поручение, резолюция)."),
    )
    accessibility_notes = forms.CharField(
        label=_("Доступность для клиентов с инвалидностью и с низкими цифровыми навыками"),
        required=False,
        widget=TEXTAREA,
    )
    justification = forms.CharField(label=_("Обоснование"), required=False, widget=TEXTAREA)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, organisation: Any, touchpoint: Touchpoint | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.touchpoint = touchpoint
        self.fields["process"].queryset = Process.objects.filter(organisation=organisation, is_active=True)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
            if touchpoint is not None:
                self.initial.update(
                    {
                        "process": touchpoint.process_id,
                        "name": touchpoint.name,
                        "channel_type": touchpoint.channel_type,
                        "kind": touchpoint.kind,
                        "address": touchpoint.address,
                        "needs": sorted({need["code"] for need in touchpoint.needs}),
                        "other_need": next((n["text"] for n in touchpoint.needs if n["code"] == NeedCode.OTHER), ""),
                        "features": touchpoint.features,
                        "is_key": touchpoint.is_key,
                        "appeals_counted": touchpoint.appeals_counted,
                        "legal_basis_kind": touchpoint.legal_basis_kind,
                        "legal_basis": touchpoint.legal_basis,
                        "accessibility_notes": touchpoint.accessibility_notes,
                    }
                )
            else:
                self.initial.setdefault("legal_basis_kind", LegalBasisKind.DOCUMENT)

    def touchpoint_data(self) -> dict[str, Any]:
        """The cleaned form as service data; the act's own wording of kept needs is preserved."""
        data = self.cleaned_data
        kept = [need for need in (self.touchpoint.needs if self.touchpoint else []) if need["code"] in data["needs"]]
        kept_codes = {need["code"] for need in kept}
        needs = [need for need in kept if need["code"] != NeedCode.OTHER]
        for code in data["needs"]:
            if code != NeedCode.OTHER and code not in kept_codes:
                needs.append({"code": code, "text": ""})
        if NeedCode.OTHER in data["needs"] or data["other_need"].strip():
            needs.append({"code": NeedCode.OTHER, "text": data["other_need"]})
        return {
            field: data[field]
            for field in (
                "name",
                "channel_type",
                "kind",
                "address",
                "features",
                "is_key",
                "appeals_counted",
                "legal_basis_kind",
                "legal_basis",
                "accessibility_notes",
            )
        } | {"needs": needs}

    def add_problems(self, problems: list[dict[str, str]], message: str, field: str | None) -> None:
        if not problems:
            problems = [{"field": field or "", "message": message}]
        for problem in problems:
            self.add_service_error(problem["message"], problem["field"])


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Что исправить"), widget=TEXTAREA)
