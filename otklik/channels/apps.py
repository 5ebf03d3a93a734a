"""App configuration for the channels room (mailboxes, social-media inbox, contact centre)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "otklik.channels"
    verbose_name = _("Соцсети и контакт-центр")

    def ready(self) -> None:
        from . import (  # noqa: F401  (the contact centre's menu and preset section)  # noqa: F401  (register the organisation page rows and the preset section)  # noqa: F401  (the inbox's panel, menu, timers)  # noqa: F401  (the KPI board: panel, menu, breach notices)
            calls_navigation,
            calls_presets,
            inbox_dashboard,
            inbox_navigation,
            inbox_sweeps,
            kpi_dashboard,
            kpi_navigation,
            kpi_sweeps,
            norms,
            presets,
        )
