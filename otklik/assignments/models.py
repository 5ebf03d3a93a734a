"""Resolutions and their assignments, executors' reports with files, route templates, control settings and notices."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel

from .choices import AssignmentStatus, DocumentKind, NoticeKind, ReportDecision

OPEN_STATUSES = (AssignmentStatus.ISSUED, AssignmentStatus.REPORTED, AssignmentStatus.REJECTED)
WEEKDAYS = [
    (0, _("понедельник")),
    (1, _("вторник")),
    (2, _("среда")),
    (3, _("четверг")),
    (4, _("пятница")),
    (5, _("суббота")),
    (6, _("воскресенье")),
]


class ControlSettings(BaseModel):
    """When the organisation runs its two-stage control (004 App. 1 §6.1–6.3), and who signs the breach memo."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="control_settings"
    )
    weekly_digest_weekday = models.PositiveSmallIntegerField(
        _("предупредительный контроль: день недели"), choices=WEEKDAYS, default=0
    )
    weekly_digest_hour = models.PositiveSmallIntegerField(
        _("предупредительный контроль: час"), default=9, validators=[MaxValueValidator(23)]
    )
    final_control_weekday = models.PositiveSmallIntegerField(
        _("окончательный контроль: день недели"), choices=WEEKDAYS, default=4
    )
    final_control_hour = models.PositiveSmallIntegerField(
        _("окончательный контроль: час"), default=15, validators=[MaxValueValidator(23)]
    )
    digest_horizon_days = models.PositiveSmallIntegerField(
        _("предупредительный контроль: горизонт, дней"), default=7, validators=[MinValueValidator(1)]
    )
    breach_memo_signer = models.CharField(
        _("служебная записка о нарушении срока: за подписью"),
        max_length=300,
        blank=True,
        help_text=_(
            "Должность (и подразделение), за чьей подписью ответственный специалист готовит служебную записку "
            "о нарушении срока исполнения поручения, как в акте органа. Пусто — «Должностное лицо, ответственное "
            "за контроль исполнения поручений»."
        ),
    )

    class Meta:
        verbose_name = _("настройки контроля исполнения")
        verbose_name_plural = _("настройки контроля исполнения")

    def __str__(self) -> str:
        return str(self.organisation)


class RouteTemplate(BaseModel):
    """A typical route of an assignment (003 §6.7.2): who executes, who controls, and the term."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="route_templates"
    )
    name = models.CharField(_("наименование"), max_length=300)
    text = models.TextField(_("текст поручения"), blank=True)
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный исполнитель"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    co_executors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("соисполнители"), blank=True, related_name="+"
    )
    controller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("контролёр"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    term_days = models.PositiveSmallIntegerField(
        _("срок исполнения, календарных дней"), default=20, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("шаблон маршрута поручения")
        verbose_name_plural = _("шаблоны маршрутов поручений")
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return self.name


class Resolution(BaseModel):
    """A resolution on a document: an appeal, an internal request, a control event or another registered document."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="resolutions"
    )
    document_kind = models.CharField(_("вид документа"), max_length=20, choices=DocumentKind.choices)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("обращение"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resolutions",
    )
    document_title = models.CharField(_("документ"), max_length=500)
    text = models.TextField(_("текст резолюции"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("автор резолюции"), on_delete=models.PROTECT, related_name="+"
    )
    submission_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("резолюция")
        verbose_name_plural = _("резолюции")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="resolution_submitted_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_title}: {self.text[:60]}"


class Assignment(BaseModel):
    """One assignment (поручение): the responsible executor, co-executors, controller and deadline."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="assignments"
    )
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("резолюция"), on_delete=models.CASCADE, related_name="assignments"
    )
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("обращение"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("выдано взамен"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followers",
    )
    text = models.TextField(_("текст поручения"))
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный исполнитель"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    co_executors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("соисполнители"), blank=True, related_name="co_assignments"
    )
    controller = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("контролёр"), on_delete=models.PROTECT, related_name="controlled"
    )
    due_date = models.DateField(_("срок исполнения"))
    status = models.CharField(
        _("состояние"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.ISSUED
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("выдал"), on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("снято с контроля"), null=True, blank=True)
    # The deadline whose breach was already reported: the daily sweep looks only at breaches not yet reported.
    overdue_noticed_for = models.DateField(_("о нарушении срока уведомлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("поручение")
        verbose_name_plural = _("поручения")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(
                fields=["organisation", "due_date"],
                condition=models.Q(status__in=["issued", "reported", "rejected"]),
                name="assignment_open_due",
            ),
            models.Index(fields=["executor", "status"]),
            models.Index(fields=["controller", "status"]),
        ]

    def __str__(self) -> str:
        return f"Поручение № {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AssignmentReport(BaseModel):
    """An executor's report; the controller accepts or rejects it within the organisation's working days."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("исполнитель"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("текст отчёта"))
    submitted_on = models.DateField(_("дата поступления"))
    accept_by = models.DateField(_("принять решение не позднее"))
    decision = models.CharField(
        _("решение"), max_length=10, choices=ReportDecision.choices, default=ReportDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("решение принял"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)
    decided_late = models.BooleanField(_("решение принято с нарушением срока"), default=False)
    reason = models.TextField(_("причина отклонения (виза)"), blank=True)
    late_flagged = models.BooleanField(_("о просрочке принятия доложено"), default=False)

    class Meta:
        verbose_name = _("отчёт об исполнении")
        verbose_name_plural = _("отчёты об исполнении")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["accept_by"], condition=models.Q(decision="pending"), name="report_pending_by"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.submitted_on}"


def report_file_path(instance: ReportFile, filename: str) -> str:
    return f"assignments/{instance.report.assignment.organisation_id}/{instance.report.assignment_id}/{filename}"


class ReportFile(models.Model):
    report = models.ForeignKey(AssignmentReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("файл"), upload_to=report_file_path, max_length=500)
    name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер"))
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("файл отчёта")
        verbose_name_plural = _("файлы отчётов")

    def __str__(self) -> str:
        return self.name


class ControlNotice(models.Model):
    """A notice in a person's workspace; its unique key is the sent-log that makes every sweep idempotent."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="control_notices")
    kind = models.CharField(_("вид"), max_length=20, choices=NoticeKind.choices)
    key = models.CharField(max_length=120, unique=True)
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(_("тема"), max_length=300)
    body = models.TextField(_("текст"))
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("уведомление о поручении")
        verbose_name_plural = _("уведомления о поручениях")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
