"""The style check's rows in the text room: a body's style settings and the signer's overrides of a finding."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class LetterFont(models.TextChoices):
    SERIF = "serif", _("с засечками (Times New Roman)")
    SANS = "sans", _("без засечек (Arial), как велит 000 §3.3")


LETTER_FONT_FAMILY = {LetterFont.SERIF: "Times New Roman", LetterFont.SANS: "Arial"}


class StyleSettings(BaseModel):
    """A body's style rules: sentence length, its own bureaucratese and the letter font (written by style_services)."""

    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="style_settings"
    )
    long_sentence_words = models.PositiveSmallIntegerField(_("длинное предложение, слов больше"), default=30)
    extra_bureaucratese = models.TextField(_("свои слова канцелярита, по одному в строке"), blank=True)
    letter_font = models.CharField(
        _("шрифт письма"), max_length=10, choices=LetterFont.choices, default=LetterFont.SERIF
    )

    class Meta:
        verbose_name = _("настройки стиля ответов")
        verbose_name_plural = _("настройки стиля ответов")

    def __str__(self) -> str:
        return str(self.organisation_id)


class StyleOverride(BaseModel):
    """A signer kept an answer despite a style finding: who, which rule, why."""

    answer = models.ForeignKey(
        "appeals.Answer", verbose_name=_("ответ"), on_delete=models.CASCADE, related_name="style_overrides"
    )
    rule = models.CharField(_("правило"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("причина"), max_length=500)

    class Meta:
        verbose_name = _("отступление от стиля")
        verbose_name_plural = _("отступления от стиля")
        constraints = [models.UniqueConstraint(fields=["answer", "rule"], name="text_style_override_once")]

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.rule}"
