"""The registry: live processes and touchpoints, change requests to them, and immutable published versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel
from otklik.orgs.choices import ChannelType

from .choices import ChangeKind, ChangeStatus, LegalBasisKind, TouchpointKind


class Registry(BaseModel):
    """One organisation's registry heading: its title and approval line as in the order's annex."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="registry"
    )
    title = models.CharField(_("заголовок перечня"), max_length=500)
    approval = models.CharField(_("гриф утверждения"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("перечень точек взаимодействия")
        verbose_name_plural = _("перечни точек взаимодействия")

    def __str__(self) -> str:
        return self.title


class Process(BaseModel):
    """A process of interaction with the client (информирование, консультирование, профилактический визит…)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="processes"
    )
    name = models.CharField(_("процесс взаимодействия с клиентом"), max_length=500)
    position = models.PositiveIntegerField(_("№"))
    is_active = models.BooleanField(_("в перечне"), default=True)

    class Meta:
        verbose_name = _("процесс взаимодействия")
        verbose_name_plural = _("процессы взаимодействия")
        ordering = ["organisation", "position"]

    def __str__(self) -> str:
        return self.name


class Touchpoint(BaseModel):
    """The approved, current state of one touchpoint; changed only by an approved change request."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="touchpoints"
    )
    process = models.ForeignKey(
        Process, verbose_name=_("процесс"), on_delete=models.PROTECT, related_name="touchpoints"
    )
    position = models.PositiveIntegerField(_("порядок в процессе"), default=0)
    name = models.CharField(_("точка взаимодействия"), max_length=500)
    channel_type = models.CharField(_("тип канала"), max_length=30, choices=ChannelType.choices)
    kind = models.CharField(_("вид точки"), max_length=10, choices=TouchpointKind.choices)
    address = models.CharField(_("адрес, ссылка, телефон"), max_length=1000, blank=True)
    needs = models.JSONField(_("удовлетворяемые потребности"), default=list)
    features = models.TextField(_("особенности взаимодействия"), blank=True)
    is_key = models.BooleanField(_("ключевая точка"), default=True)
    appeals_counted = models.BooleanField(_("ведётся учёт обращений"), default=True)
    legal_basis_kind = models.CharField(
        _("основание"), max_length=30, choices=LegalBasisKind.choices, default=LegalBasisKind.DOCUMENT
    )
    legal_basis = models.CharField(_("реквизиты основания"), max_length=1000)
    accessibility_notes = models.TextField(_("доступность для маломобильных и иных групп клиентов"), blank=True)
    source = models.CharField(_("источник"), max_length=300, blank=True)
    is_active = models.BooleanField(_("в перечне"), default=True, db_index=True)

    class Meta:
        verbose_name = _("точка взаимодействия")
        verbose_name_plural = _("точки взаимодействия")
        ordering = ["organisation", "process__position", "position"]

    def __str__(self) -> str:
        return self.name


class ChangeRequest(BaseModel):
    """A unit's proposal to include, change or exclude a touchpoint; only the authorised person applies it."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="registry_changes"
    )
    kind = models.CharField(_("вид изменения"), max_length=10, choices=ChangeKind.choices)
    status = models.CharField(
        _("состояние"), max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.SUBMITTED, db_index=True
    )
    touchpoint = models.ForeignKey(
        Touchpoint,
        verbose_name=_("точка взаимодействия"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
    )
    process = models.ForeignKey(
        Process, verbose_name=_("процесс"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_process_name = models.CharField(_("новый процесс"), max_length=500, blank=True)
    data = models.JSONField(_("предлагаемые сведения"), default=dict)
    base = models.JSONField(_("сведения на момент предложения"), null=True, blank=True)
    justification = models.TextField(_("обоснование"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("подготовил"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("подразделение"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("рассмотрел"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("рассмотрено"), null=True, blank=True)
    return_comment = models.TextField(_("замечания уполномоченного лица"), blank=True)
    submission_key = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("предложение об изменении перечня")
        verbose_name_plural = _("предложения об изменении перечня")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="registry_change_submitted_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.data.get('name') or self.touchpoint}"


class ChangeEvent(models.Model):
    """One step in a change request's life (proposed, returned with a comment, resubmitted, approved)."""

    change = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=ChangeStatus.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.change_id}: {self.action}"


class RegistryVersion(models.Model):
    """An immutable, numbered picture of the registry written at approval; publishing only stamps it."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="registry_versions"
    )
    number = models.PositiveIntegerField(_("номер версии"))
    reasons = models.JSONField(_("основания изменения"), default=list)
    summary = models.TextField(_("что изменилось"), blank=True)
    change = models.ForeignKey(
        ChangeRequest, verbose_name=_("предложение"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField(_("содержание перечня"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("утвердил"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("утверждена"))
    publish_due = models.DateField(_("опубликовать не позднее"))
    published_at = models.DateTimeField(_("опубликована"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("опубликовал"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    superseded = models.BooleanField(_("заменена более новой до публикации"), default=False)
    reminded_on = models.DateField(_("напоминание о сроке отправлено"), null=True, blank=True)
    overdue_notified_on = models.DateField(_("уведомление о просрочке отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("версия перечня")
        verbose_name_plural = _("версии перечня")
        ordering = ["organisation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="registry_version_number_unique")
        ]
        indexes = [models.Index(fields=["published_at", "superseded", "publish_due"])]

    def __str__(self) -> str:
        return f"{self.organisation} — версия {self.number}"
