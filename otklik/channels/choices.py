"""Choices shared by the channels room's parts: what kind of social-media or messenger item came in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SocialItemKind(models.TextChoices):
    """003 §6.3.1.1: an official appeal, a comment under an official post, a mention, a message from the widget."""

    OFFICIAL = "official", _("Официальное обращение")
    COMMENT = "comment", _("Комментарий к официальной записи")
    MENTION = "mention", _("Упоминание")
    WIDGET = "widget", _("Сообщение из виджета")
