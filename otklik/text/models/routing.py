"""Routing rules per body (issue 18 item 3): conditions on a new appeal → priority, unit or executor, internal term."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.appeals.choices import AppealPriority
from otklik.core.models import BaseModel

MOOD_CHOICES = [
    ("positive", _("Позитивная")),
    ("neutral", _("Нейтральная")),
    ("negative", _("Негативная")),
    ("aggressive", _("Агрессивная")),
]
CONTENT_KIND_CHOICES = [
    ("proposal", _("Предложение")),
    ("application", _("Заявление")),
    ("complaint", _("Жалоба")),
    ("information_request", _("Запрос информации (8-ФЗ)")),
    ("knd_matter", _("Вопрос контрольно-надзорной деятельности")),
    ("internal", _("Внутреннее")),
    ("out_of_competence", _("Вне компетенции органа")),
]


class RoutingRule(BaseModel):
    """One rule of a body: every non-empty condition must hold; the active rules are tried by order, first match wins.

    Conditions are lists (empty = any): classifier code prefixes, moods, content kinds, intake channels, and the
    author's segment (kept empty until client profiles exist). The internal term only shortens the legal one.
    """

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("орган"), on_delete=models.CASCADE, related_name="routing_rules"
    )
    name = models.CharField(_("название"), max_length=200)
    order = models.PositiveIntegerField(_("порядок"), default=100)
    is_active = models.BooleanField(_("действует"), default=True)
    code_prefixes = models.JSONField(_("коды классификатора (начало)"), default=list, blank=True)
    moods = models.JSONField(_("тональности"), default=list, blank=True)
    content_kinds = models.JSONField(_("виды содержания"), default=list, blank=True)
    channels = models.JSONField(_("каналы поступления"), default=list, blank=True)
    author_segment = models.CharField(_("сегмент автора"), max_length=100, blank=True, null=True)
    priority = models.CharField(
        _("приоритет"), max_length=10, choices=AppealPriority.choices, default=AppealPriority.NORMAL
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("ответственное подразделение"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("исполнитель"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    internal_days = models.PositiveSmallIntegerField(_("внутренний срок подготовки, дней"), null=True, blank=True)

    class Meta:
        verbose_name = _("правило маршрутизации")
        verbose_name_plural = _("правила маршрутизации")
        ordering = ["organisation", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="routing_rule_name_unique_in_org"),
        ]

    def __str__(self) -> str:
        return self.name
