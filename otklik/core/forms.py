"""Form pieces every room shares: a service's refusal shown next to the input it names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ApplicationError

if TYPE_CHECKING:
    from django.forms import BaseForm

    _FormBase = BaseForm
else:
    _FormBase = object


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
