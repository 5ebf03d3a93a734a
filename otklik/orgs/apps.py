"""App configuration for the organisations room."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "otklik.orgs"
    verbose_name = _("Организации и сотрудники")

    def ready(self) -> None:
        # the shell's menu entries, the audit of failed sign-ins, the service-level board's menu entry and weekly digest
        from . import (  # noqa: F401
            navigation,
            service_level_digest,
            service_levels,
            sign_in,
        )
