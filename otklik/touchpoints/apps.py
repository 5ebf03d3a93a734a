"""App configuration for the touchpoint registry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TouchpointsConfig(AppConfig):
    name = "otklik.touchpoints"
    verbose_name = _("Перечень точек взаимодействия")

    def ready(self) -> None:
        from . import (  # noqa: F401  (register the panel, menu entry, preset section)
            dashboard,
            navigation,
            presets,
            service_level_tiles,
        )
