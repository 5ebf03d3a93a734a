"""The staff form of a FAQ entry: input only; the service validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from otklik.core.forms import ServiceErrorFormMixin


class FaqEntryForm(ServiceErrorFormMixin, forms.Form):
    question = forms.CharField(label=_("Вопрос"), max_length=500)
    answer = forms.CharField(label=_("Ответ"), widget=forms.Textarea(attrs={"rows": 6}))
    sort_order = forms.IntegerField(label=_("Порядок"), min_value=0, initial=0, required=False)
    is_published = forms.BooleanField(label=_("Опубликован на портале"), required=False, initial=True)
