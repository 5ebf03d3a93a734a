"""ServiceErrorFormMixin: a service's refusal lands on the input it names, otherwise above the form."""

from django import forms

from otklik.core.errors import ApplicationError
from otklik.core.forms import ServiceErrorFormMixin


class NameForm(ServiceErrorFormMixin, forms.Form):
    name = forms.CharField()


class AuthorForm(ServiceErrorFormMixin, forms.Form):
    email = forms.EmailField()

    def service_field(self, field: str) -> str:
        return field.removeprefix("author.")


def test_a_refusal_naming_an_input_goes_next_to_it():
    form = NameForm({"name": "Иванова"})
    assert form.is_valid()
    form.add_service_error(ApplicationError("Такое имя уже есть.", field="name"))
    assert form.errors["name"] == ["Такое имя уже есть."]
    assert form.non_field_errors() == []


def test_a_refusal_without_an_input_or_naming_an_unknown_one_goes_to_the_top():
    form = NameForm({"name": "Иванова"})
    assert form.is_valid()
    form.add_service_error(ApplicationError("Нет доступа."))
    form.add_service_error("Поле не из этой формы.", "organisation")
    assert form.non_field_errors() == ["Нет доступа.", "Поле не из этой формы."]
    assert "name" not in form.errors


def test_a_form_maps_the_services_names_to_its_inputs():
    form = AuthorForm({"email": "a@example.org"})
    assert form.is_valid()
    form.add_service_error("Проверьте адрес электронной почты.", "author.email")
    assert form.errors["email"] == ["Проверьте адрес электронной почты."]
