"""Corrections to the national production calendar, per organisation or for every organisation."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class CalendarCorrection(BaseModel):
    """A day whose status differs from the national calendar: a region's own day off, or a new decree."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_corrections",
        help_text=_("Пусто — поправка для всех организаций (например, новое постановление Правительства)."),
    )
    date = models.DateField(_("дата"))
    is_working_day = models.BooleanField(_("рабочий день"))
    reason = models.CharField(_("основание"), max_length=500)

    class Meta:
        verbose_name = _("поправка производственного календаря")
        verbose_name_plural = _("поправки производственного календаря")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "date"],
                condition=Q(organisation__isnull=False),
                name="calendar_correction_unique_per_org",
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(organisation__isnull=True),
                name="calendar_correction_unique_national",
            ),
        ]

    def __str__(self) -> str:
        kind = _("рабочий") if self.is_working_day else _("нерабочий")
        return f"{self.date:%d.%m.%Y} — {kind}: {self.reason}"
