"""App configuration for the API room."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "otklik.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from . import navigation  # noqa: F401  (registers the menu entry)
