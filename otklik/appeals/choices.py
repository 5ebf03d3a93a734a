"""Closed lists of the appeals room: kinds, forms, channels, states, results and answer outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealKind(models.TextChoices):
    APPEAL = "appeal", _("Обращение (59-ФЗ)")
    REQUEST = "request", _("Запрос информации (8-ФЗ)")


class AppealForm(models.TextChoices):
    PROPOSAL = "proposal", _("Предложение")
    APPLICATION = "application", _("Заявление")
    COMPLAINT = "complaint", _("Жалоба")


class IntakeChannel(models.TextChoices):
    """How the appeal reached the body (R-AP-1)."""

    PORTAL = "portal", _("Интернет-приёмная")
    EMAIL = "email", _("Электронная почта")
    POST = "post", _("Почта")
    RECEPTION = "reception", _("Личный приём")
    PHONE = "phone", _("Телефон")
    EPGU = "epgu", _("ЕПГУ")
    POS = "pos", _("Платформа обратной связи (ПОС)")
    SOCIAL = "social", _("Социальные сети")
    FORWARDED = "forwarded", _("Переадресовано другим органом")
    API = "api", _("API")


class AuthorKind(models.TextChoices):
    PERSON = "person", _("Гражданин")
    ORGANISATION = "organisation", _("Организация")


class AppealStatus(models.TextChoices):
    REGISTERED = "registered", _("Зарегистрировано")
    IN_WORK = "in_work", _("На рассмотрении")
    FORWARDED = "forwarded", _("Переадресовано")
    ANSWERED = "answered", _("Ответ направлен")
    CLOSED = "closed", _("Рассмотрение завершено")


class QuestionResult(models.TextChoices):
    """The result of considering each question (R-AP-4 of the issue; 004 App. 1)."""

    SUPPORTED = "supported", _("Поддержано")
    EXPLAINED = "explained", _("Разъяснено")
    NOT_SUPPORTED = "not_supported", _("Не поддержано")
    MEASURES_TAKEN = "measures_taken", _("Приняты меры")
    LEFT_WITHOUT_ANSWER = "left_without_answer", _("Оставлено без ответа (ст. 11 59-ФЗ)")


class NoticeKind(models.TextChoices):
    """Notices the author gets within 7 days (004 App. 1 §6.4–6.8)."""

    EXTENSION = "extension", _("О продлении срока рассмотрения")
    FORWARDED = "forwarded", _("О переадресации обращения")
    ESSENCE_UNDETERMINABLE = "essence_undeterminable", _("О невозможности определить суть обращения")
    UNREADABLE = "unreadable", _("О невозможности прочтения обращения")
    DEFERRAL = "deferral", _("Об отсрочке ответа на запрос")


class AnswerKind(models.TextChoices):
    FINAL = "final", _("Ответ по существу")
    INTERIM = "interim", _("Промежуточный ответ")
    INFORMATION_REQUEST = "information_request", _("Запрос дополнительной информации")
    TYPED = "typed", _("Типовой ответ (п. 4.3)")


class AnswerOutcome(models.TextChoices):
    """Which of the four outcomes the answer states (004 App. 1 §2.2)."""

    SOLVED = "solved", _("Вопрос решён")
    WILL_BE_SOLVED = "will_be_solved", _("Вопрос будет решён к определённому сроку")
    CAN_BE_SOLVED = "can_be_solved", _("Вопрос может быть решён, срок не определён")
    CANNOT_BE_SOLVED = "cannot_be_solved", _("Вопрос не может быть решён")


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", _("Проект")
    APPROVED = "approved", _("Согласован")
    SIGNED = "signed", _("Подписан")
    SENT = "sent", _("Направлен")


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("Электронная почта")
    POST = "post", _("Почта")
    REGISTERED_POST = "registered_post", _("Заказное письмо")
    PORTAL = "portal", _("Личный кабинет / API")


class TypedGround(models.TextChoices):
    """The seven grounds for a typed answer (004 App. 1 §4.3)."""

    COURT_DECISION = "court_decision", _("Вопрос разрешён судебным решением")
    OBSCENE = "obscene", _("Нецензурные либо оскорбительные выражения, угрозы")
    UNREADABLE = "unreadable", _("Текст не поддаётся прочтению")
    ESSENCE_UNDETERMINABLE = "essence_undeterminable", _("Суть обращения определить невозможно")
    REPEATED = "repeated", _("Повторный вопрос без новых доводов")
    PUBLISHED = "published", _("Ответ размещён на официальном сайте")
    STATE_SECRET = "state_secret", _("Ответ связан с государственной тайной")


class AppealEventKind(models.TextChoices):
    """What happened on the appeal's timeline; the values are those rows were written with before events had kinds."""

    REGISTERED = "registered", _("Зарегистрировано")
    EXTENDED = "extended", _("Срок продлён")
    FORWARDED = "forwarded", _("Переадресовано")
    NOTICE_SENT = "notice_sent", _("Уведомление автору")
    PUT_ON_CONTROL = "on_control", _("Поставлено на контроль")
    QUESTION_ADDED = "question_added", _("Добавлен вопрос")
    QUESTION_RESULT_SET = "question_result", _("Результат по вопросу")
    ANSWER_DRAFTED = "answer_drafted", _("Подготовлен проект ответа")
    ANSWER_APPROVED = "answer_approved", _("Проект ответа согласован")
    ANSWER_SIGNED = "answer_signed", _("Ответ подписан")
    ANSWER_SENT = "answer_sent", _("Ответ направлен")
    CLOSED = "closed", _("Рассмотрение завершено")
    ANSWER_RATED = "answer_rated", _("Автор оценил ответ")
    ACCESS_GRANTED = "access_granted", _("Открыт доступ сотруднику")
    ACCESS_REVOKED = "access_revoked", _("Закрыт доступ сотруднику")
    ROUTED = "routed", _("Сработало правило маршрутизации")


class AppealPriority(models.TextChoices):
    """How urgently the body works on the appeal (set by a routing rule at registration, issue 18)."""

    LOW = "low", _("Низкий")
    NORMAL = "normal", _("Обычный")
    HIGH = "high", _("Высокий")
    URGENT = "urgent", _("Срочный")
