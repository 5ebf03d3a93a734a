"""Closed lists of the registry: touchpoint kinds, client needs (001/002 §2.6), change kinds and states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TouchpointKind(models.TextChoices):
    DIGITAL = "digital", _("Цифровая точка")
    OFFLINE = "offline", _("Офлайн-точка")


class NeedCode(models.TextChoices):
    GET_INFORMATION = (
        "get_information",
        _("Получение информации, в том числе о ходе рассмотрения заявления, обращения, запроса, документов"),
    )
    GET_CONSULTATION = "get_consultation", _("Получение консультации")
    GET_FORMS = "get_forms", _("Получение форм документов")
    SUBMIT = "submit", _("Представление заявления, обращения, запроса, документов")
    GET_RESULT = "get_result", _("Получение результата, ответа, разъяснения")
    PRESENT_OBJECTS = "present_objects", _("Предоставление объектов для осмотра (проверки)")
    GIVE_FEEDBACK = "give_feedback", _("Предоставление обратной связи")
    GET_FEEDBACK_OUTCOME = "get_feedback_outcome", _("Получение результата рассмотрения обратной связи")
    OTHER = "other", _("Другая потребность")


class LegalBasisKind(models.TextChoices):
    DOCUMENT = "document", _("Документ")
    ADMINISTRATIVE_ACTION = "administrative_action", _("Распорядительное действие (поручение, резолюция)")


class ChangeKind(models.TextChoices):
    INCLUDE = "include", _("Включение")
    CHANGE = "change", _("Изменение")
    EXCLUDE = "exclude", _("Исключение")


class ChangeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("На проверке")
    RETURNED = "returned", _("Возвращено на доработку")
    APPROVED = "approved", _("Включено в перечень")
    WITHDRAWN = "withdrawn", _("Отозвано")


class VersionReason(models.TextChoices):
    """Why a version exists (001 §5.2; 002 §5.3)."""

    INITIAL = "initial", _("Утверждение перечня")
    NEW_TOUCHPOINT = "new_touchpoint", _("Появление новой точки взаимодействия")
    KIND_CHANGED = "kind_changed", _("Изменение вида точки взаимодействия")
    NEEDS_CHANGED = "needs_changed", _("Изменение удовлетворяемых потребностей клиента")
    EXCLUDED = "excluded", _("Исключение точки взаимодействия")
    DETAILS_CHANGED = "details_changed", _("Изменение сведений о точке взаимодействия")
