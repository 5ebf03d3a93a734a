"""The knowledge base: questions and answers an organisation publishes on its portal (003 §6.2.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class FaqEntry(BaseModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="faq_entries"
    )
    question = models.CharField(_("вопрос"), max_length=500)
    answer = models.TextField(_("ответ"))
    sort_order = models.PositiveIntegerField(_("порядок"), default=0)
    is_published = models.BooleanField(_("опубликован"), default=True)

    class Meta:
        verbose_name = _("вопрос и ответ")
        verbose_name_plural = _("вопросы и ответы")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.question
