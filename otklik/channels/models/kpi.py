"""The contact-centre KPI board's memory of the breach notices sent: one row per line, period and threshold."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class KpiBreachNotice(BaseModel):
    """A breach of a line's threshold over a day, week or month that the deputy head has been told about."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="kpi_breach_notices"
    )
    line = models.ForeignKey(
        "channels.PhoneLine", verbose_name=_("линия"), on_delete=models.CASCADE, related_name="breach_notices"
    )
    period = models.CharField(_("период"), max_length=10)
    period_start = models.DateField(_("начало периода"))
    period_end = models.DateField(_("конец периода"))
    threshold = models.CharField(_("норма"), max_length=60)
    notified_at = models.DateTimeField(_("уведомление отправлено"))

    class Meta:
        verbose_name = _("уведомление о нарушении показателя контакт-центра")
        verbose_name_plural = _("уведомления о нарушениях показателей контакт-центра")
        ordering = ["-period_start", "line", "threshold"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "period", "period_start", "threshold"], name="kpi_breach_notice_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.period} {self.period_start:%d.%m.%Y} {self.threshold}"
