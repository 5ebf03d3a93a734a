"""App configuration for the core room."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "otklik.core"
    verbose_name = _("Ядро и журнал аудита")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks  # noqa: F401  (registers the deployment checks)

        # Each room declares its periodic work in its own sweeps.py.
        autodiscover_modules("sweeps")
