"""App configuration for the channels room (mailboxes, social-media inbox, contact centre)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "otklik.channels"
    verbose_name = _("Соцсети и контакт-центр")

    def ready(self) -> None:
        from otklik.appeals.mail_threads import register_mail_thread_source

        from . import mail_navigation, mail_poll, norms, presets  # noqa: F401  (register the organisation page rows and the preset section)  # noqa: F401  (the triage menu entry and the mailbox sweep)
        from .mail_services import appeal_mail_thread

        register_mail_thread_source(appeal_mail_thread)
