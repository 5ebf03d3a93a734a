"""Forms of the calendar page: the term calculator and a correction."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TermForm(forms.Form):
    UNIT_CHOICES = [("days", _("календарных дней")), ("working_days", _("рабочих дней"))]

    start = forms.DateField(
        label=_("Дата начала (например, дата регистрации)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    count = forms.IntegerField(label=_("Срок"), min_value=0, max_value=3660)
    unit = forms.ChoiceField(label=_("Единица"), choices=UNIT_CHOICES)


class CorrectionForm(forms.Form):
    date = forms.DateField(label=_("Дата"), widget=forms.DateInput(attrs={"type": "date"}))
    is_working_day = forms.TypedChoiceField(
        label=_("Статус дня"),
        choices=[("0", _("нерабочий")), ("1", _("рабочий"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Основание"), max_length=500)
