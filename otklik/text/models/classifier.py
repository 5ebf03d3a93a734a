"""The text room's classifier part: versioned trained models and staff overrides of suggested codes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class ClassifierModel(BaseModel):
    """One trained version of a body's thematic classifier (compressed JSON in the database)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("орган"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveIntegerField(_("версия"))
    blob = models.BinaryField(_("модель"))
    trained_on = models.PositiveIntegerField(_("обращений в обучении"), default=0)
    leaves = models.PositiveIntegerField(_("тем в модели"), default=0)
    is_current = models.BooleanField(_("действующая"), default=True)

    class Meta:
        verbose_name = _("модель классификации")
        verbose_name_plural = _("модели классификации")
        ordering = ["organisation", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="classifier_model_version_unique"),
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class ClassificationOverride(BaseModel):
    """Staff chose a code for an appeal: the suggestions shown, the chosen code, who, why and which model."""

    appeal = models.ForeignKey(
        "appeals.Appeal", verbose_name=_("обращение"), on_delete=models.CASCADE, related_name="+"
    )
    suggested_codes = models.JSONField(_("предложенные коды"), default=list)
    chosen_code = models.CharField(_("выбранный код"), max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("сотрудник"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("причина"), blank=True)
    model_version = models.PositiveIntegerField(_("версия модели"), null=True, blank=True)

    class Meta:
        verbose_name = _("выбор темы сотрудником")
        verbose_name_plural = _("выборы тем сотрудниками")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.chosen_code}"
