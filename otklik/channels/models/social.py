"""The social-media and messenger inbox: platform accounts, inbox items with their timers, answer templates."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel

from ..choices import SocialItemKind


class SocialPlatform(models.TextChoices):
    VK = "vk", _("ВКонтакте (Callback API)")
    TELEGRAM = "telegram", _("Telegram (Bot API)")
    MANUAL = "manual", _("Другая площадка (ввод вручную или из файла)")


class InboxState(models.TextChoices):
    NEW = "new", _("Ждёт ответа")
    ANSWERED = "answered", _("Ответ дан")
    CONVERTED = "converted", _("Зарегистрировано как обращение")
    CLOSED = "closed", _("Закрыто без ответа")


class SocialAccount(BaseModel):
    """The body's page, group or bot on a platform, hung off a social or messenger channel of its registry."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="social_accounts"
    )
    channel = models.ForeignKey(
        "orgs.Channel", verbose_name=_("канал"), on_delete=models.CASCADE, related_name="social_accounts"
    )
    platform = models.CharField(_("площадка"), max_length=20, choices=SocialPlatform.choices)
    external_id = models.CharField(_("идентификатор на площадке (group_id сообщества)"), max_length=100, blank=True)
    token_env = models.CharField(
        _("переменная окружения с ключом доступа"),
        max_length=100,
        blank=True,
        help_text=_("Имя переменной окружения, а не сам ключ."),
    )
    callback_secret_env = models.CharField(
        _("переменная окружения с секретом уведомлений"),
        max_length=100,
        blank=True,
        help_text=_("Имя переменной окружения, а не сам секрет."),
    )
    confirmation_code = models.CharField(_("строка подтверждения сервера (ВКонтакте)"), max_length=100, blank=True)
    moderation_rules = models.TextField(_("правила модерации"), blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("аккаунт в соцсети или мессенджере")
        verbose_name_plural = _("аккаунты в соцсетях и мессенджерах")
        ordering = ["organisation", "channel", "pk"]

    def __str__(self) -> str:
        return f"{self.channel} ({self.get_platform_display()})"


class SocialAnswerTemplate(BaseModel):
    """A typical message for answers in social networks (001 §3.2 ж)), editable before sending."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="social_answer_templates",
    )
    title = models.CharField(_("название"), max_length=200)
    text = models.TextField(_("текст"))
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("типовой ответ в соцсетях")
        verbose_name_plural = _("типовые ответы в соцсетях")
        ordering = ["organisation", "title"]

    def __str__(self) -> str:
        return self.title


class InboxItem(BaseModel):
    """One message, comment, mention or widget message to answer, with its service-level timers (R-CH-1)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="inbox_items"
    )
    channel = models.ForeignKey(
        "orgs.Channel", verbose_name=_("канал"), on_delete=models.PROTECT, related_name="inbox_items"
    )
    account = models.ForeignKey(
        SocialAccount,
        verbose_name=_("аккаунт"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    kind = models.CharField(_("вид"), max_length=20, choices=SocialItemKind.choices)
    widget_category = models.CharField(_("категория сообщения виджета"), max_length=200, blank=True)
    author_handle = models.CharField(_("автор (имя на площадке)"), max_length=200, blank=True)
    author_name = models.CharField(_("автор (имя)"), max_length=300, blank=True)
    link = models.URLField(_("ссылка"), max_length=1000, blank=True)
    received_at = models.DateTimeField(_("поступило"))
    text = models.TextField(_("текст"))
    external_id = models.CharField(_("идентификатор на площадке"), max_length=200, blank=True)
    # Where a reply goes on the platform: a Telegram chat id, `peer:<id>` or `wall:<owner>_<post>_<comment>` in VK.
    reply_to = models.CharField(_("адрес ответа на площадке"), max_length=200, blank=True)
    warn_at = models.DateTimeField(_("предупредить в"), null=True, blank=True)
    due_at = models.DateTimeField(_("ответить до"), null=True, blank=True)
    state = models.CharField(_("состояние"), max_length=20, choices=InboxState.choices, default=InboxState.NEW)
    warned_at = models.DateTimeField(_("предупреждение отправлено"), null=True, blank=True)
    breached_at = models.DateTimeField(_("срок нарушен"), null=True, blank=True)
    answered_at = models.DateTimeField(_("ответ дан"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "orgs.User", verbose_name=_("ответил"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer_text = models.TextField(_("текст ответа"), blank=True)
    close_reason = models.TextField(_("причина закрытия без ответа"), blank=True)
    closed_at = models.DateTimeField(_("закрыто"), null=True, blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("обращение"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="social_items",
    )

    class Meta:
        verbose_name = _("сообщение из соцсетей")
        verbose_name_plural = _("сообщения из соцсетей")
        ordering = ["due_at", "received_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="inbox_item_external_id_unique_in_channel",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "state", "due_at", "received_at"], name="inbox_item_queue"),
            models.Index(
                fields=["organisation", "state", "kind", "due_at", "received_at"], name="inbox_item_queue_kind"
            ),
            # The sweep's two UPDATEs touch only open items not yet warned / breached.
            models.Index(
                fields=["warn_at"], name="inbox_item_warn_pending", condition=Q(state="new", warned_at__isnull=True)
            ),
            models.Index(
                fields=["due_at"], name="inbox_item_due_pending", condition=Q(state="new", breached_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.author_handle or self.author_name or self.channel}"
