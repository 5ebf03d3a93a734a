"""App configuration for the knowledge base (FAQ of the portal)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "otklik.knowledge"
    verbose_name = _("База знаний")

    def ready(self) -> None:
        from . import navigation  # noqa: F401  (registers the menu entry)
