"""Services of the style check (text room): a body's style settings, the check of an answer, the signer's overrides."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from otklik.appeals.answer_checks import AnswerWarning
from otklik.appeals.models import Answer
from otklik.core.audit import audit_record
from otklik.core.audit_actions import AuditAction
from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation, User

from .models import StyleOverride, StyleSettings
from .models.style import LETTER_FONT_FAMILY, LetterFont
from .style import RULES, StyleConfig, check

MAX_BUREAUCRATESE_WORDS = 500


def _words_of(extra: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in extra.splitlines() if line.strip())


def style_config(organisation: Organisation | None) -> StyleConfig:
    """The pure check's settings for a body: its own row, or the defaults."""
    row = StyleSettings.objects.filter(organisation=organisation).first() if organisation is not None else None
    if row is None:
        return StyleConfig()
    return StyleConfig(
        long_sentence_words=row.long_sentence_words,
        extra_bureaucratese=_words_of(row.extra_bureaucratese),
        font_kind=row.letter_font,
    )


def style_settings_check(*, long_sentence_words: int, extra_bureaucratese: str, letter_font: str) -> tuple[str, ...]:
    """Refuse settings the check cannot use; the body's own words, one a line, blank lines dropped."""
    if not 5 <= long_sentence_words <= 200:
        raise ApplicationError(_("Длина предложения — от 5 до 200 слов."), field="long_sentence_words")
    if letter_font not in LetterFont.values:
        raise ApplicationError(_("Неизвестный шрифт письма."), field="letter_font")
    extra = _words_of(extra_bureaucratese)
    if len(extra) > MAX_BUREAUCRATESE_WORDS or any(len(item) > 100 for item in extra):
        raise ApplicationError(
            _("Не больше %(count)s слов канцелярита, каждое короче 100 знаков.") % {"count": MAX_BUREAUCRATESE_WORDS},
            field="extra_bureaucratese",
        )
    return extra


@transaction.atomic
def style_settings_update(
    *,
    actor: User | None,
    organisation: Organisation,
    long_sentence_words: int,
    extra_bureaucratese: str = "",
    letter_font: str = LetterFont.SERIF,
) -> StyleSettings:
    """Set a body's style rules (validated, audited with before and after)."""
    extra = style_settings_check(
        long_sentence_words=long_sentence_words, extra_bureaucratese=extra_bureaucratese, letter_font=letter_font
    )
    row, _created = StyleSettings.objects.select_for_update().get_or_create(organisation=organisation)
    before = {"long_sentence_words": row.long_sentence_words, "extra": row.extra_bureaucratese, "font": row.letter_font}
    row.long_sentence_words = long_sentence_words
    row.extra_bureaucratese = "\n".join(extra)
    row.letter_font = letter_font
    row.save()
    after = {"long_sentence_words": row.long_sentence_words, "extra": row.extra_bureaucratese, "font": row.letter_font}
    audit_record(
        actor=actor,
        action=AuditAction.TEXT_STYLE_SETTINGS_CHANGED,
        obj=row,
        organisation=organisation,
        before=before,
        after=after,
    )
    return row


def letter_font_family(organisation: Organisation) -> str | None:
    """The appeals letter-font hook: the body's chosen font family, None when it chose nothing."""
    row = StyleSettings.objects.filter(organisation=organisation).first()
    return LETTER_FONT_FAMILY[LetterFont(row.letter_font)] if row is not None else None


def answer_style_warnings(answer: Answer) -> list[AnswerWarning]:
    """The style findings on an answer's text the signer has not overridden (registered as an appeals answer check)."""
    appeal = answer.appeal
    kept = set(StyleOverride.objects.filter(answer=answer).values_list("rule", flat=True))
    findings = check(answer.text, appeal_text=appeal.text, kind="appeal", settings=style_config(appeal.organisation))
    return [
        AnswerWarning(item.rule, item.start, item.end, item.message, answer.text[item.start : item.end])
        for item in findings
        if item.rule not in kept
    ]


def answer_style_override(*, actor: User, answer: Answer, rule: str, reason: str) -> bool:
    """The appeals override hook: records the override when the rule is the style check's own."""
    if rule not in RULES:
        return False
    style_override_record(actor=actor, answer=answer, rule=rule, reason=reason)
    return True


@transaction.atomic
def style_override_record(*, actor: User, answer: Answer, rule: str, reason: str) -> StyleOverride:
    """Keep the answer despite a rule's finding: who decided and why; once per answer and rule."""
    reason = reason.strip()
    if rule not in RULES:
        raise ApplicationError(_("Неизвестное правило стиля."), field="rule")
    if not reason:
        raise ApplicationError(_("Объясните, почему текст остаётся как есть."), field="reason")
    if len(reason) > 500:
        raise ApplicationError(_("Причина длиннее 500 знаков."), field="reason")
    override, created = StyleOverride.objects.get_or_create(
        answer=answer, rule=rule, defaults={"user": actor, "reason": reason}
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.TEXT_STYLE_OVERRIDDEN,
            obj=override,
            organisation=answer.appeal.organisation,
            after={"answer": answer.pk, "rule": rule, "reason": reason},
        )
    return override
