"""App configuration for notifications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "otklik.notifications"
    verbose_name = _("Уведомления")

    def ready(self) -> None:
        from . import navigation, sweeps  # noqa: F401  (register the menu entry and the outbox sweep)
