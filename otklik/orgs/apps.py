"""App configuration for the organisations room."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "otklik.orgs"
    verbose_name = _("Организации и сотрудники")

    def ready(self) -> None:
        from . import (
            navigation,  # noqa: F401  (registers the shell's own menu entries)
            sign_in,  # noqa: F401  (audits failed staff sign-ins)
        )
