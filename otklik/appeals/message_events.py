"""The appeals room's message events (acknowledgement, notices, answer) with the texts sent before templates as defaults."""

from django.utils.translation import gettext_lazy as _

from otklik.notifications.message_templates import Placeholder, register_message_event

APPEAL_REGISTERED = register_message_event(
    "appeals.registered",
    _("Обращение зарегистрировано: подтверждение автору"),
    _("{{ org.short_name }}: ваше обращение зарегистрировано, № {{ number }}"),
    _(
        "Здравствуйте!\n\n{{ org.name }} получил(о) ваше {{ what }} {{ received }} и зарегистрировал(о) его "
        "{{ registered }} под номером {{ number }}.\n\nОтвет будет направлен не позднее {{ due }}.\n\n"
        "Проверить, как идёт рассмотрение: {{ url }} — номер {{ number }}, код доступа {{ code }}.\n\n"
        "Это письмо отправлено автоматически; отвечать на него не нужно."
    ),
    {
        "number": Placeholder(_("регистрационный номер"), "12-О/26"),
        "what": Placeholder(_("«обращение» или «запрос»"), "обращение"),
        "received": Placeholder(_("дата поступления"), "02.03.2026"),
        "registered": Placeholder(_("дата регистрации"), "03.03.2026"),
        "due": Placeholder(_("срок ответа"), "01.04.2026"),
        "url": Placeholder(_("страница проверки хода рассмотрения"), "https://otklik.example.gov.ru/o/minsoc/"),
        "code": Placeholder(_("код доступа автора"), "ABCD-EFGH"),
    },
    required=("number", "code"),
)

APPEAL_ANSWERED = register_message_event(
    "appeals.answer",
    _("Ответ на обращение"),
    _("{{ org.short_name }}: ответ на обращение № {{ number }} (исх. № {{ outgoing_number }})"),
    _(
        "{{ answer_text }}\n\nИсполнитель: {{ executor_mark }}{% if rating_url %}\n\n"
        "Оцените, пожалуйста, ответ (от 1 до 5): {{ rating_url }}{% endif %}"
    ),
    {
        "number": Placeholder(_("регистрационный номер обращения"), "12-О/26"),
        "outgoing_number": Placeholder(_("исходящий номер ответа"), "45-исх/26"),
        "answer_text": Placeholder(_("текст ответа"), "Сообщаем, что ремонт освещения запланирован на апрель."),
        "executor_mark": Placeholder(_("отметка об исполнителе"), "Иванова А. П., +7 (343) 000-00-01"),
        "rating_url": Placeholder(
            _("ссылка для оценки ответа (только для ответа по существу; иначе пусто)"),
            "https://otklik.example.gov.ru/r/…",
        ),
    },
    required=("answer_text",),
)

APPEAL_NOTICE = register_message_event(
    "appeals.notice",
    _("Уведомление автору (продление, переадресация и др.)"),
    _("{{ org.short_name }}: обращение № {{ number }} — {{ what }}"),
    "{{ notice_text }}",
    {
        "number": Placeholder(_("регистрационный номер обращения"), "12-О/26"),
        "what": Placeholder(_("вид уведомления"), "уведомление о продлении срока"),
        "notice_text": Placeholder(
            _("текст уведомления, написанный сотрудником"), "Срок рассмотрения продлён до 30.04.2026, потому что…"
        ),
    },
    required=("notice_text",),
)
