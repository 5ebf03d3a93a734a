"""Closed lists shared across rooms: roles, channel types and the term-end policy."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Администратор")
    HEAD = "head", _("Руководитель органа")
    CC_DEPUTY_HEAD = "cc_deputy_head", _("Заместитель руководителя, ответственный за клиентоцентричность")
    REGISTRY_KEEPER = "registry_keeper", _("Уполномоченное лицо по ведению перечня точек взаимодействия")
    UNIT_HEAD = "unit_head", _("Руководитель структурного подразделения")
    EXECUTOR = "executor", _("Исполнитель")
    CONTROLLER = "controller", _("Контролёр")
    REGISTRAR = "registrar", _("Регистратор обращений")
    RECEPTION_OFFICER = "reception_officer", _("Сотрудник личного приёма")
    CC_OPERATOR = "cc_operator", _("Оператор контакт-центра")
    SOCIAL_OPERATOR = "social_operator", _("Оператор социальных сетей")
    INTERNAL_CLIENT = "internal_client", _("Внутренний клиент")


class ChannelType(models.TextChoices):
    """Where a client meets the body (R-TP-2): digital kinds first, then offline ones."""

    SITE = "site", _("Официальный сайт")
    EMAIL = "email", _("Электронная почта")
    SOCIAL = "social", _("Социальная сеть")
    MESSENGER = "messenger", _("Мессенджер")
    CHATBOT = "chatbot", _("Чат-бот")
    VIDEO = "video", _("Видео-конференц-связь")
    EPGU = "epgu", _("ЕПГУ (Госуслуги)")
    ERKNM = "erknm", _("ЕРКНМ")
    GIS_TOR_KND = "gis_tor_knd", _("ГИС ТОР КНД")
    SED = "sed", _("СЭД")
    POS = "pos", _("Платформа обратной связи (ПОС)")
    API = "api", _("API")
    PHONE = "phone", _("Телефон")
    POST = "post", _("Почта")
    RECEPTION = "reception", _("Личный приём")
    ONSITE = "onsite", _("Выезд на место (проверка, визит)")
    INTERNAL_OFFICE = "internal_office", _("Служебный кабинет")
    WORKPLACE = "workplace", _("Рабочее место")
    OTHER = "other", _("Иное")


DIGITAL_CHANNEL_TYPES = frozenset(
    {
        ChannelType.SITE,
        ChannelType.EMAIL,
        ChannelType.SOCIAL,
        ChannelType.MESSENGER,
        ChannelType.CHATBOT,
        ChannelType.VIDEO,
        ChannelType.EPGU,
        ChannelType.ERKNM,
        ChannelType.GIS_TOR_KND,
        ChannelType.SED,
        ChannelType.POS,
        ChannelType.API,
    }
)


class TermEndPolicy(models.TextChoices):
    """What happens when a term in calendar days ends on a non-working day (R-CAL-2)."""

    PRECEDING = "preceding", _("Переносится на предшествующий рабочий день")
    NEXT = "next", _("Переносится на следующий рабочий день")
