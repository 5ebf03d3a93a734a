"""App configuration for resolutions, assignments and execution control."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "otklik.assignments"
    verbose_name = _("Поручения и контроль исполнения")

    def ready(self) -> None:
        # register the dashboard panel, the menu entry, the preset section, the appeal's closing check and the
        # access source (who sees an appeal through its assignments)
        from . import (  # noqa: F401
            appeal_access,
            appeal_checks,
            dashboard,
            navigation,
            presets,
            service_level_tiles,
        )
