"""A body's settings row of the channels room: social-media response times and contact-centre targets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class ChannelSettings(BaseModel):
    """A body's norms for social networks (R-CH-1) and its contact centre (R-CH-2, 004 App. 3 §7)."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="channel_settings"
    )
    # Social networks (R-CH-1): only where the body's act sets them (SPEC D-1); None = not set by the acts
    social_official_response_minutes = models.PositiveIntegerField(
        _("ответ на официальное обращение и комментарий в соцсети, минут"),
        null=True,
        blank=True,
        help_text=_("Рабочих минут; пусто — актами не установлено."),
    )
    social_mention_response_minutes = models.PositiveIntegerField(
        _("ответ на упоминание в соцсети, минут"),
        null=True,
        blank=True,
        help_text=_("Рабочих минут; пусто — актами не установлено."),
    )
    # Contact centre (R-CH-2, 004 App. 3 §7)
    cc_queue_wait_max_seconds = models.PositiveIntegerField(_("ожидание в очереди не более, секунд"), default=300)
    cc_first_contact_resolution_min_percent = models.PositiveSmallIntegerField(
        _("решено при первом обращении не менее, %"), default=80
    )
    cc_transfers_max = models.PositiveSmallIntegerField(_("коэффициент переведённых звонков не более"), default=2)
    cc_lost_calls_max = models.PositiveSmallIntegerField(_("потерянных звонков не более"), default=2)
    cc_avg_handling_max_seconds = models.PositiveIntegerField(
        _("среднее время обработки звонка не более, секунд"), default=420
    )
    cc_avg_call_max_seconds = models.PositiveIntegerField(
        _("средняя продолжительность ответа на звонок не более, секунд"), default=600
    )

    class Meta:
        verbose_name = _("настройки соцсетей и контакт-центра")
        verbose_name_plural = _("настройки соцсетей и контакт-центра")

    def __str__(self) -> str:
        return str(self.organisation)
