"""App configuration for the knowledge base (FAQ of the portal)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "otklik.knowledge"
    verbose_name = _("База знаний")
