"""Core models: the abstract base every domain model uses, the audit log and sweep runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("создано"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change (or one read of personal data) made by a service; written only by core.audit."""

    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=100, db_index=True)
    object_type = models.CharField(_("тип объекта"), max_length=100, db_index=True)
    object_id = models.CharField(_("идентификатор объекта"), max_length=64, db_index=True)
    object_repr = models.CharField(_("объект"), max_length=300)
    before = models.JSONField(_("было"), null=True, blank=True)
    after = models.JSONField(_("стало"), null=True, blank=True)

    class Meta:
        verbose_name = _("запись журнала аудита")
        verbose_name_plural = _("журнал аудита")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class SweepRun(models.Model):
    """When each periodic sweep last ran and what it reported; /health/ shows the latest."""

    name = models.CharField(_("проверка"), max_length=100, db_index=True)
    started_at = models.DateTimeField(_("начало"))
    finished_at = models.DateTimeField(_("окончание"), null=True, blank=True)
    succeeded = models.BooleanField(_("успешно"), default=False)
    report = models.JSONField(_("итог"), default=dict, blank=True)

    class Meta:
        verbose_name = _("запуск периодической проверки")
        verbose_name_plural = _("запуски периодических проверок")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"


class NumberCounter(models.Model):
    """The last number given in a year, per organisation and kind (free text owned by a room); see core.numbering."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("год"))
    kind = models.CharField(_("вид нумерации"), max_length=40)
    last = models.PositiveIntegerField(_("последний номер"), default=0)

    class Meta:
        verbose_name = _("счётчик номеров")
        verbose_name_plural = _("счётчики номеров")
        constraints = [models.UniqueConstraint(fields=["organisation", "year", "kind"], name="number_counter_unique")]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}/{self.kind}: {self.last}"
