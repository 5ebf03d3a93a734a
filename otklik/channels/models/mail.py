"""The channels room's e-mail intake: a mailbox per e-mail channel, the letters polled from it, and their files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class MailSecurity(models.TextChoices):
    TLS = "tls", _("TLS (IMAPS, порт 993)")
    STARTTLS = "starttls", _("STARTTLS (порт 143)")
    PLAIN = "plain", _("Без шифрования (только локальный сервер)")


class LetterStatus(models.TextChoices):
    """Where a letter stands in triage: awaiting, or the one decision taken on it."""

    AWAITING = "awaiting", _("ожидает разбора")
    REGISTERED = "registered", _("зарегистрировано обращение")
    ATTACHED = "attached", _("приобщено к обращению")
    INTERNAL = "internal", _("внутренний запрос")
    KND = "knd", _("переписка по КНД")
    NOT_APPEAL = "not_appeal", _("не обращение")


class Mailbox(BaseModel):
    """The IMAP mailbox of an e-mail channel of the body, and how far it has been read."""

    channel = models.OneToOneField(
        "orgs.Channel", verbose_name=_("канал"), on_delete=models.CASCADE, related_name="mailbox"
    )
    host = models.CharField(_("сервер IMAP"), max_length=255)
    port = models.PositiveIntegerField(_("порт"), default=993)
    security = models.CharField(_("защита соединения"), max_length=10, choices=MailSecurity.choices)
    username = models.CharField(_("имя пользователя"), max_length=255)
    password_env = models.CharField(
        _("переменная окружения с паролем"),
        max_length=100,
        help_text=_("Имя переменной окружения сервера, в которой лежит пароль; сам пароль здесь не хранится."),
    )
    folder = models.CharField(_("папка"), max_length=255, default="INBOX")
    is_active = models.BooleanField(_("опрашивается"), default=True)
    # Polling state (RFC 3501 §2.3.1.1): UIDs are only comparable under the same UIDVALIDITY.
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    last_uid = models.BigIntegerField(_("последний прочитанный UID"), default=0)
    last_polled_at = models.DateTimeField(_("последний опрос"), null=True, blank=True)
    last_error = models.TextField(_("последняя ошибка"), blank=True)

    class Meta:
        verbose_name = _("почтовый ящик")
        verbose_name_plural = _("почтовые ящики")
        ordering = ["channel__organisation", "channel__name"]

    def __str__(self) -> str:
        return f"{self.username}@{self.host}"


class Letter(BaseModel):
    """One e-mail as it arrived in a mailbox, decoded, with its triage state and notes."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="letters"
    )
    mailbox = models.ForeignKey(
        Mailbox, verbose_name=_("почтовый ящик"), on_delete=models.CASCADE, related_name="letters"
    )
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"))
    uid = models.BigIntegerField(_("UID"))
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=998, blank=True)
    references = models.TextField(_("References"), blank=True)
    from_name = models.CharField(_("имя отправителя"), max_length=300, blank=True)
    from_address = models.CharField(_("адрес отправителя"), max_length=320, blank=True)
    subject = models.CharField(_("тема"), max_length=1000, blank=True)
    sent_at = models.DateTimeField(_("дата в письме"), null=True, blank=True)
    received_at = models.DateTimeField(_("поступило"))
    text = models.TextField(_("текст"), blank=True)
    notes = models.JSONField(_("заметки для разбора"), default=list, blank=True)
    source = models.FileField(_("исходное письмо"), upload_to="mail/source/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(_("размер, байт"), default=0)
    automatic = models.CharField(_("автоматическое письмо"), max_length=200, blank=True)
    acknowledged = models.BooleanField(_("отправлено подтверждение"), default=False)
    status = models.CharField(
        _("состояние"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.AWAITING
    )
    suggested_appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("предлагаемое обращение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("обращение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    triage_reason = models.TextField(_("основание решения"), blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("разобрал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("разобрано"), null=True, blank=True)

    class Meta:
        verbose_name = _("входящее письмо")
        verbose_name_plural = _("входящие письма")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "uidvalidity", "uid"], name="letter_once_per_uid"),
            models.UniqueConstraint(
                fields=["mailbox", "message_id"], condition=~Q(message_id=""), name="letter_once_per_message_id"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-received_at"], name="letter_triage_queue"),
            models.Index(fields=["message_id"], name="letter_message_id"),
        ]

    def __str__(self) -> str:
        return self.subject or self.from_address or f"#{self.pk}"


class LetterAttachment(BaseModel):
    """A file of a letter that passed the upload rules."""

    letter = models.ForeignKey(Letter, verbose_name=_("письмо"), on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("имя файла"), max_length=255)
    content_type = models.CharField(_("тип"), max_length=150, blank=True)
    size = models.PositiveIntegerField(_("размер, байт"), default=0)
    file = models.FileField(_("файл"), upload_to="mail/files/%Y/%m/")

    class Meta:
        verbose_name = _("файл письма")
        verbose_name_plural = _("файлы писем")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
