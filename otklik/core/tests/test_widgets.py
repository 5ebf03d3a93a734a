"""FastSelect renders the same options, selection and escaping as Django's Select."""

from django import forms

from otklik.core.widgets import FastSelect


def test_fast_select_renders_options_selection_and_escapes():
    class Form(forms.Form):
        unit = forms.ChoiceField(
            choices=[("", "Все"), ("1", "Отдел <контроля>"), ("2", "Отдел «лицензирования»")],
            widget=FastSelect,
            required=False,
        )

    html = str(Form({"unit": "2"})["unit"])
    assert html.startswith("<select") and 'name="unit"' in html and 'id="id_unit"' in html
    assert '<option value="1">Отдел &lt;контроля&gt;</option>' in html
    assert '<option value="2" selected>Отдел «лицензирования»</option>' in html
    assert '<option value="" selected>' not in html
