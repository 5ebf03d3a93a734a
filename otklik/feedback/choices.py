"""Closed lists of feedback: question kinds, audiences, event kinds, follow-up states, rating sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Оценка от 1 до 5")
    SINGLE = "single", _("Один вариант")
    MULTIPLE = "multiple", _("Несколько вариантов")
    TEXT = "text", _("Свободный ответ")
    MATRIX = "matrix", _("Матрица (строки × варианты)")


class Audience(models.TextChoices):
    CLIENTS = "clients", _("Внешние клиенты")
    STAFF = "staff", _("Сотрудники (внутренние клиенты)")


class EventKind(models.TextChoices):
    """What a personal link follows (000 §6.1, 004 App. 3 §1.7, answers to appeals)."""

    CONTROL_EVENT = "control_event", _("Контрольное (надзорное) мероприятие")
    PREVENTIVE_EVENT = "preventive_event", _("Профилактическое мероприятие")
    SERVICE_STAGE = "service_stage", _("Этап предоставления государственной услуги")
    APPEAL_ANSWER = "appeal_answer", _("Ответ на обращение")
    STAFF = "staff", _("Опрос сотрудников")
    OTHER = "other", _("Иное")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Открыта")
    CLOSED = "closed", _("Закрыта, меры приняты")


class RatingSource(models.TextChoices):
    EPGU = "epgu", _("ЕПГУ (Госуслуги)")
    POS = "pos", _("Платформа обратной связи (ПОС)")
