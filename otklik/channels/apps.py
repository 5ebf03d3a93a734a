"""App configuration for the channels room (mailboxes, social-media inbox, contact centre)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "otklik.channels"
    verbose_name = _("Соцсети и контакт-центр")

    def ready(self) -> None:
        # The organisation page rows and preset sections; the inbox's panel, menu and timers; the contact centre's
        # menu and preset section; the KPI board's panel, menu and breach notices; the service-level tile.
        from . import (  # noqa: F401
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
            service_level_tiles,
        )
        from .mail_hooks import mail_ready

        mail_ready()  # the mailbox intake's panel, menu, sweep and the appeals' mail threads
