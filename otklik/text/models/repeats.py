"""The text room's repeat findings: a new appeal is «повторное» or «неоднократное» and which earlier ones (R-AP-7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class RepeatKind(models.TextChoices):
    REPEATED = "repeated", _("Повторное")  # the same author asked the same question before (004 App. 1 §1.1)
    REITERATED = "reiterated", _("Неоднократное")  # two answers on the merits given, no new arguments (59-FZ 11.5)


class RepeatFinding(BaseModel):
    """What the repeat check found when an appeal was registered; none when the appeal repeats nothing."""

    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name=_("обращение"), on_delete=models.CASCADE, related_name="repeat_finding"
    )
    kind = models.CharField(_("вид повтора"), max_length=12, choices=RepeatKind.choices)
    earlier = models.ManyToManyField("appeals.Appeal", verbose_name=_("ранее поступившие"), related_name="+")
    similarity = models.FloatField(_("сходство текстов"))
    answers_on_merits = models.PositiveSmallIntegerField(_("ответов по существу"), default=0)
    new_lemmas = models.JSONField(_("новые слова"), default=list, blank=True)

    class Meta:
        verbose_name = _("повтор обращения")
        verbose_name_plural = _("повторы обращений")

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.get_kind_display()}"
