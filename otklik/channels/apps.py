"""App configuration for the channels room (mailboxes, social-media inbox, contact centre)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "otklik.channels"
    verbose_name = _("Соцсети и контакт-центр")

    def ready(self) -> None:
        from . import norms, presets  # noqa: F401  (register the organisation page rows and the preset section)
        from .mail_hooks import mail_ready

        mail_ready()
