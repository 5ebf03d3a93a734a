"""Closed lists of the assignments room: document kinds, assignment states, report decisions, notice kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What a resolution is written on (an appeal, or any other document the organisation registers)."""

    APPEAL = "appeal", _("Обращение или запрос")
    INTERNAL_REQUEST = "internal_request", _("Запрос внутреннего клиента")
    CONTROL_EVENT = "control_event", _("Контрольное (надзорное) мероприятие")
    OTHER = "other", _("Иной документ")


class AssignmentStatus(models.TextChoices):
    """The executor's and the controller's tasks (003 §11.5.2.1–2)."""

    ISSUED = "issued", _("На исполнение")
    REPORTED = "reported", _("На принятие отчёта")
    REJECTED = "rejected", _("На исполнение (отчёт отклонён)")
    ACCEPTED = "accepted", _("Исполнено, отчёт принят")
    SUPERSEDED = "superseded", _("Снято с контроля: выдано новое поручение")


class ReportDecision(models.TextChoices):
    PENDING = "pending", _("Ожидает решения контролёра")
    ACCEPTED = "accepted", _("Принят")
    REJECTED = "rejected", _("Отклонён")


class NoticeKind(models.TextChoices):
    """Workspace notices; each row is also the sent-log entry that keeps sweeps from sending twice."""

    ISSUED = "issued", _("Новое поручение")
    REPORTED = "reported", _("Поступил отчёт на принятие")
    REJECTED = "rejected", _("Отчёт отклонён")
    ACCEPTED = "accepted", _("Отчёт принят")
    OVERDUE = "overdue", _("Нарушен срок исполнения поручения")
    ACCEPTANCE_LATE = "acceptance_late", _("Нарушен срок принятия отчёта")
    WEEKLY_DIGEST = "weekly_digest", _("Предупредительный контроль")
    FINAL_CONTROL = "final_control", _("Окончательный контроль")
