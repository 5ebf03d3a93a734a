"""Mailbox intake's message event: the «сообщение получено» acknowledgement, editable per body like the others."""

from django.utils.translation import gettext_lazy as _

from otklik.notifications.message_templates import Placeholder, register_message_event

# 001 §3.2 и) а): primary feedback on a written message; registration follows within three days (59-FZ art. 8
# p. 2) with its own notice (appeals.registered).
MAIL_RECEIVED = register_message_event(
    "channels.mail_received",
    _("Письмо получено: подтверждение автору"),
    _("{{ org.short_name }}: сообщение получено"),
    _(
        "Здравствуйте!\n\nВаше сообщение «{{ subject }}» получено {{ received }}. Если это обращение, оно будет "
        "зарегистрировано в течение трёх дней, и мы сообщим его номер.\n\n{{ org.name }}\n\n"
        "Это письмо отправлено автоматически, отвечать на него не нужно."
    ),
    {
        "subject": Placeholder(_("тема письма автора"), "Ремонт дороги"),
        "received": Placeholder(_("когда письмо поступило"), "02.03.2026 10:15"),
    },
)
