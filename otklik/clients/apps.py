"""App configuration for client accounts and their history of interaction."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "otklik.clients"
    verbose_name = _("Клиенты")
