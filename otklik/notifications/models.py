"""The outbox: every outgoing message is a row written in the business transaction, then delivered and tracked."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    SENDING = "sending", _("отправляется")
    SENT = "sent", _("отправлено")
    RETRYING = "retrying", _("повторяем")
    FAILED = "failed", _("не доставлено")


# Rows a delivery run may claim once `next_attempt_at` has come (a `sending` row whose worker died is due again).
PENDING_STATUSES = (MessageStatus.QUEUED, MessageStatus.RETRYING, MessageStatus.SENDING)


class Transport(models.TextChoices):
    """How a message leaves: each value has its adapter in notifications.transports."""

    EMAIL = "email", _("электронная почта")
    SMS = "sms", _("SMS")
    TELEGRAM = "telegram", _("Telegram")
    VK = "vk", _("ВКонтакте")


class MessageKind(models.TextChoices):
    CLIENT = "client", _("клиенту")
    STAFF = "staff", _("сотруднику")


class OutgoingMessage(BaseModel):
    """One message to one recipient; `sent` only once the mail server or platform accepted it (see services)."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("кому"), max_length=20, choices=MessageKind.choices)
    transport = models.CharField(_("канал"), max_length=20, choices=Transport.choices, default=Transport.EMAIL)
    # E-mail address, E.164 phone number, Telegram chat_id, or VK `peer:<id>` / `wall:<owner>_<post>_<comment>`.
    to = models.CharField(_("адрес"), max_length=254)
    # The NAME of the environment variable with the sender's token (a body's bot or group); "" = the installation's.
    sender = models.CharField(_("отправитель (переменная окружения)"), max_length=100, blank=True)
    subject = models.CharField(_("тема"), max_length=500)
    # Erased once the message leaves the outbox: it may carry an access code or a one-time link.
    body = models.TextField(_("текст"), blank=True)
    object_type = models.CharField(_("тип объекта"), max_length=100, blank=True)
    object_id = models.CharField(_("идентификатор объекта"), max_length=64, blank=True)
    status = models.CharField(
        _("состояние"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    last_error = models.TextField(_("причина"), blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    # An answer to a letter goes in its thread (RFC 5322 In-Reply-To and References), so the client's mail joins them.
    in_reply_to = models.CharField(_("в ответ на письмо"), max_length=998, blank=True)
    references = models.TextField(_("цепочка писем"), blank=True)

    class Meta:
        verbose_name = _("исходящее сообщение")
        verbose_name_plural = _("исходящие сообщения")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_due_idx",
                condition=Q(status__in=["queued", "retrying", "sending"]),
            ),
            models.Index(fields=["object_type", "object_id"], name="outbox_about_idx"),
            models.Index(fields=["organisation", "status", "created_at"], name="outbox_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class MessageTemplate(BaseModel):
    """A body's own subject and body for one message event; without a row the event's default text is sent."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="+"
    )
    # A code from notifications.message_templates' registry (rooms register theirs), not a fixed choice list.
    event = models.CharField(_("событие"), max_length=100)
    subject = models.CharField(_("тема"), max_length=500)
    body = models.TextField(_("текст"))
    updated_by = models.ForeignKey(
        "orgs.User",
        verbose_name=_("изменил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("шаблон сообщения")
        verbose_name_plural = _("шаблоны сообщений")
        ordering = ["organisation", "event"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "event"], name="message_template_one_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.event}"
