"""App configuration for the public portal."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "otklik.portal"
    verbose_name = _("Портал")
