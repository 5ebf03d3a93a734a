"""Working hours of the channels room: a body's weekly schedule, optionally one per channel (SPEC D-1)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel

# Field prefixes of the weekdays, Monday first (datetime.weekday() order).
DAY_PREFIXES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_PARTS = ("start", "end", "break_start", "break_end")


class WorkingSchedule(BaseModel):
    """A weekly schedule: the body's own (no channel) or one channel's; an empty day is a day off.

    Written only by `otklik.channels.hours_services.working_schedule_set`, which checks
    start < break start < break end < end for every day.
    """

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="working_schedules"
    )
    channel = models.OneToOneField(
        "orgs.Channel",
        verbose_name=_("канал"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="working_schedule",
        help_text=_("Пусто — график организации в целом."),
    )
    around_the_clock = models.BooleanField(
        _("круглосуточно"), default=False, help_text=_("Каждая минута — рабочая (24/7, без календаря).")
    )
    source = models.CharField(_("источник (пункт акта)"), max_length=500, blank=True)
    mon_start = models.TimeField(_("понедельник: начало"), null=True, blank=True)
    mon_end = models.TimeField(_("понедельник: окончание"), null=True, blank=True)
    mon_break_start = models.TimeField(_("понедельник: начало перерыва"), null=True, blank=True)
    mon_break_end = models.TimeField(_("понедельник: окончание перерыва"), null=True, blank=True)
    tue_start = models.TimeField(_("вторник: начало"), null=True, blank=True)
    tue_end = models.TimeField(_("вторник: окончание"), null=True, blank=True)
    tue_break_start = models.TimeField(_("вторник: начало перерыва"), null=True, blank=True)
    tue_break_end = models.TimeField(_("вторник: окончание перерыва"), null=True, blank=True)
    wed_start = models.TimeField(_("среда: начало"), null=True, blank=True)
    wed_end = models.TimeField(_("среда: окончание"), null=True, blank=True)
    wed_break_start = models.TimeField(_("среда: начало перерыва"), null=True, blank=True)
    wed_break_end = models.TimeField(_("среда: окончание перерыва"), null=True, blank=True)
    thu_start = models.TimeField(_("четверг: начало"), null=True, blank=True)
    thu_end = models.TimeField(_("четверг: окончание"), null=True, blank=True)
    thu_break_start = models.TimeField(_("четверг: начало перерыва"), null=True, blank=True)
    thu_break_end = models.TimeField(_("четверг: окончание перерыва"), null=True, blank=True)
    fri_start = models.TimeField(_("пятница: начало"), null=True, blank=True)
    fri_end = models.TimeField(_("пятница: окончание"), null=True, blank=True)
    fri_break_start = models.TimeField(_("пятница: начало перерыва"), null=True, blank=True)
    fri_break_end = models.TimeField(_("пятница: окончание перерыва"), null=True, blank=True)
    sat_start = models.TimeField(_("суббота: начало"), null=True, blank=True)
    sat_end = models.TimeField(_("суббота: окончание"), null=True, blank=True)
    sat_break_start = models.TimeField(_("суббота: начало перерыва"), null=True, blank=True)
    sat_break_end = models.TimeField(_("суббота: окончание перерыва"), null=True, blank=True)
    sun_start = models.TimeField(_("воскресенье: начало"), null=True, blank=True)
    sun_end = models.TimeField(_("воскресенье: окончание"), null=True, blank=True)
    sun_break_start = models.TimeField(_("воскресенье: начало перерыва"), null=True, blank=True)
    sun_break_end = models.TimeField(_("воскресенье: окончание перерыва"), null=True, blank=True)

    class Meta:
        verbose_name = _("график работы")
        verbose_name_plural = _("графики работы")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(channel__isnull=True), name="working_schedule_one_default_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.channel}" if self.channel_id else str(self.organisation)
