"""The feedback room's message events: the survey invitation letter, with the text sent before templates as default."""

from django.utils.translation import gettext_lazy as _

from otklik.notifications.message_templates import Placeholder, register_message_event

SURVEY_INVITATION = register_message_event(
    "feedback.invitation",
    _("Приглашение ответить на опрос"),
    _("{{ org.short_name }}: оцените, пожалуйста, наше взаимодействие"),
    _(
        "Здравствуйте!\n\nПросим ответить на несколько вопросов опроса «{{ title }}» ({{ anonymity }}). "
        "Ссылка действует один раз:\n{{ url }}\n\n"
        "Если анкета не откроется сама, введите на открывшейся странице код: {{ code }}\n\n{{ org.name }}"
    ),
    {
        "title": Placeholder(_("название опроса"), "Качество приёма граждан"),
        "anonymity": Placeholder(_("«анонимный» или «не анонимный»"), "анонимный"),
        "url": Placeholder(_("личная ссылка на анкету (действует один раз)"), "https://otklik.example.gov.ru/s/…"),
        "code": Placeholder(_("код анкеты"), "k3J9…"),
    },
    required=("url", "code"),
)
