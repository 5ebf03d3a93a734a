"""The answer style check of the text room (R-AP-11): pure rules over a draft, each finding with offsets into the text.

The acts behind the rules (/work/shared/seeds/):
- 000 §3.3: avoid formalism, archaisms and «языковой агрессии (грубость, хамство, обвинения, сарказм, панибратство…)»;
  «короткие и лаконичные предложения»; no empty formulas («вопрос взят на контроль», «принято в обработку»); «не
  допускать отписки, переадресации»; no «заглавных букв для написания целого слова»; «шрифты без засечек»;
- 004 App. 1 §3.4 (the first paragraph states the question considered → no_restatement), §3.7–3.8 (plain words,
  «на одной – двух страницах» → too_long); App. 2 §3.6 (internal answers: after «Уважаемый Иван Иванович!» the phrase
  «С уважением» is not written → regards_after_salutation); App. 3 §5 «избегать формализма и канцелярита»;
- 003 §7.1.6, §7.1.9 6): «неприемлемо употребление … резких и циничных выражений», «не допускать грубости».
The acts name no word list for bureaucratese: the default below is the classic one (данный, вышеуказанный, …), and a
body adds its own words in its style settings.
Nothing here touches the database: the caller passes a `StyleConfig` built from the body's settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .lemmas import analyzer, lemma, words

RULES = (
    "empty_formula",
    "forwarding_only",
    "caps_word",
    "long_sentence",
    "bureaucratese",
    "rudeness",
    "no_restatement",
    "too_long",
    "regards_after_salutation",
)
KINDS = ("appeal", "internal", "social")

# Bureaucratese by default (000 §3.3 «избегать формализма», 004 App. 3 §5 «канцелярита»): lemmas or lemma phrases.
DEFAULT_BUREAUCRATESE = (
    "данный",
    "вышеуказанный",
    "нижеследующий",
    "вышеизложенный",
    "вышеназванный",
    "вышеперечисленный",
    "нижеподписавшийся",
    "в целях недопущения",
    "доводить до ваш сведение",
    "в связь с вышеизложенный",
    "на основание вышеизложенный",
    "в часть касаться",
    "в рамка вышеуказанный",
    "сообщать следующее",
    "по существу поставить вопрос",
)
# Rudeness, sarcasm, familiarity (000 §3.3 «грубость, хамство, обвинения, сарказм, панибратство»; 003 §7.1.6).
RUDENESS = (
    "ты",
    "твой",
    "дорогуша",
    "бред",
    "глупый",
    "глупость",
    "нелепый",
    "безграмотный",
    "очевидно",
    "разумеется",
    "как вы уже неоднократно",
    "надо быть читать",
    "читать внимательно",
    "вы не понимать",
    "сам виноватый",
    "не морочить",
)
# Empty formulas (000 §3.3 «не допускать отсутствия … конкретики»): regular expressions, case-insensitive.
EMPTY_FORMULAS = (
    r"вопрос\s+взят\s+на\s+контроль",
    r"взят[оаы]?\s+на\s+контроль",
    r"принят[оаы]?\s+в\s+(?:обработку|работу)",
    r"будут?\s+рассмотрен[оаы]?\s+в\s+установленном\s+порядке",
    r"(?:необходимые\s+)?меры\s+будут\s+приняты",
    r"ваше\s+обращение\s+рассмотрено",
    r"информация\s+принята\s+к\s+сведению",
)
# A forwarding notice (000 §3.3 «не допускать отписки, переадресации»): flagged when it is all the answer says.
FORWARDING = re.compile(
    r"(?:на|пере)?направлен[оаы]?\s+(?:[\w«»\"-]+\s+){0,12}?(?:по\s+компетенции|для\s+рассмотрения)|"
    r"переадресован[оаы]?|перенаправлен[оаы]?",
    re.IGNORECASE,
)
FORWARDING_ONLY_WORDS = 80
# Abbreviations written in capitals are fine (000 §3.3 forbids capitals for a whole ordinary word).
ABBREVIATIONS = frozenset(
    [
        "ЕГАИС",
        "МФЦ",
        "ЖКХ",
        "РФ",
        "ФЗ",
        "ИНН",
        "ОГРН",
        "ОГРНИП",
        "СНИЛС",
        "КПП",
        "ОКТМО",
        "ОКПО",
        "ОКВЭД",
        "БИК",
        "ГИБДД",
        "МВД",
        "ФНС",
        "ПФР",
        "СФР",
        "ФСС",
        "ОМС",
        "ДМС",
        "НДС",
        "НДФЛ",
        "ЕГРН",
        "ЕГРЮЛ",
        "ЕГРИП",
        "ЕПГУ",
        "ЕСИА",
        "ГИС",
        "ЖКУ",
        "ТКО",
        "СНТ",
        "ИП",
        "ООО",
        "ОАО",
        "ПАО",
        "АО",
        "ЗАО",
        "МУП",
        "ГУП",
        "ГБУ",
        "МКД",
        "ЗАГС",
        "СМС",
        "СМИ",
        "ЧС",
        "МЧС",
        "ФСБ",
        "ФСИН",
        "КоАП",
        "УК",
        "ГК",
        "РД",
        "ДНР",
        "ЛНР",
        "ИЖС",
        "ЛПХ",
        "КФХ",
        "НКО",
        "ВУЗ",
        "ДОУ",
        "ДТП",
        "ФИО",
        "ПДН",
        "АПК",
        "ТЭК",
        "ЖК",
        "СЭД",
        "МСЗУ",
        "ПОС",
        "ЦУР",
        "IT",
        "PDF",
        "DOCX",
        "SMS",
        "URL",
    ]
)
ROMAN = re.compile(r"[IVXLCDM]+")
SALUTATION = re.compile(r"Уважаем(?:ый|ая|ые)\s[^!\n]{1,120}!")
REGARDS = re.compile(r"С\s+уважением", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?…]+(?=\s+[«\"(]?[А-ЯЁA-Z0-9]|\s*$)|\n\s*\n")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
# Characters per page of the letter blank (otklik/appeals/letters.py: A4, margins 3/2/2/2 cm, 14 pt single spacing):
# 16 × 25.7 cm of text ≈ 45 lines of ≈ 64 characters in Times New Roman, fewer in a wider sans-serif; the first page's
# blank head (organ, number, addressee) takes about a third, which the allowance below keeps for.
CHARS_PER_PAGE = {"serif": 2800, "sans": 2500}
FIRST_PAGE_HEAD = 900
STOP_LEMMAS = frozenset(
    [
        "ваш",
        "вы",
        "мы",
        "наш",
        "который",
        "этот",
        "тот",
        "такой",
        "свой",
        "весь",
        "быть",
        "мочь",
        "что",
        "как",
        "так",
        "также",
        "уважаемый",
    ]
)


@dataclass(frozen=True)
class StyleConfig:
    """A body's style settings as the pure check needs them."""

    long_sentence_words: int = 30
    extra_bureaucratese: tuple[str, ...] = ()
    font_kind: str = "serif"
    restatement_min_shared: int = 2


@dataclass(frozen=True)
class Finding:
    rule: str
    start: int
    end: int
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "start": self.start, "end": self.end, "message": self.message}


@dataclass
class _Text:
    text: str
    tokens: list[tuple[str, int, int]] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)


@lru_cache(maxsize=256)
def _phrase(entry: str) -> tuple[str, ...]:
    """A lexicon entry as lemmas: entries are written as lemmas, but a word form lemmatises to the same."""
    return tuple(lemma(word) for word, _start, _end in words(entry))


# Forms whose lemma starts with other letters than the form itself (ты → тебя, тобой).
IRREGULAR_PREFIXES = frozenset({"те", "то"})


def _prefix(word: str) -> str:
    return word[:2].lower().replace("ё", "е")


def _lexicon_lemmas(tokens: list[tuple[str, int, int]], entries: tuple[str, ...]) -> list[str]:
    """Lemmas of the words that may start a lexicon entry; other words keep their lower-cased form.

    Russian inflects at the end of a word, so a form shares its first two letters with its lemma (the pronoun «ты»
    aside, listed above); looking up only those words keeps a two-page answer well under the bench's 30 ms.
    """
    prefixes = {_prefix(parts[0]) for entry in entries if (parts := _phrase(entry))} | IRREGULAR_PREFIXES
    return [lemma(word) if _prefix(word) in prefixes else word.lower() for word, _s, _e in tokens]


def _match_phrases(doc: _Text, entries: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of every lexicon entry in the text, matched on lemmas, the longest entry first, without overlaps."""
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        parts = _phrase(entry)
        if parts:
            phrases.setdefault(parts[0], []).append(parts)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(doc.tokens):
        matched = 0
        for parts in phrases.get(doc.lemmas[index], []):
            size = len(parts)
            if tuple(doc.lemmas[index : index + size]) == parts and size > matched:
                matched = size
        if matched:
            spans.append((doc.tokens[index][1], doc.tokens[index + matched - 1][2]))
            index += matched
        else:
            index += 1
    return spans


def is_abbreviation(word: str) -> bool:
    """A capitalised word is an abbreviation if it is in the list, pymorphy3 marks it Abbr, it is a Roman numeral, or
    it is short (≤ 6 letters) and not a known Russian word (МФЦ, СНИЛС); «СРОЧНО», «ВНИМАНИЕ», «НЕТ» are words."""
    if word in ABBREVIATIONS or ROMAN.fullmatch(word):
        return True
    lowered = word.lower()
    if any("Abbr" in parse.tag for parse in analyzer().parse(lowered)):
        return True
    return len(word) <= 6 and not analyzer().word_is_known(lowered)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _content_lemmas(doc_lemmas: list[str]) -> set[str]:
    return {item for item in doc_lemmas if len(item) >= 4 and item.isalpha() and item not in STOP_LEMMAS}


def _first_paragraph(text: str) -> tuple[int, int]:
    """The first paragraph that is not the salutation («Уважаемый …!»)."""
    start = 0
    for match in PARAGRAPH_BREAK.finditer(text + "\n"):
        chunk = text[start : match.start()]
        if chunk.strip() and not SALUTATION.fullmatch(chunk.strip()):
            offset = len(chunk) - len(chunk.lstrip())
            return start + offset, match.start()
        start = match.end()
    return 0, len(text)


def check(
    text: str, *, appeal_text: str | None = None, kind: str = "appeal", settings: StyleConfig | None = None
) -> list[Finding]:
    """Every style finding of a draft answer, ordered by offset; an empty or blank text has none."""
    config = settings or StyleConfig()
    if not text.strip():
        return []
    doc = _Text(text)
    doc.tokens = words(text)
    doc.lemmas = _lexicon_lemmas(doc.tokens, DEFAULT_BUREAUCRATESE + config.extra_bureaucratese + RUDENESS)
    found: list[Finding] = []

    for pattern in EMPTY_FORMULAS:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if not any(f.rule == "empty_formula" and f.start <= match.start() < f.end for f in found):
                found.append(
                    Finding(
                        "empty_formula",
                        match.start(),
                        match.end(),
                        _("Пустая формула без конкретики: скажите, что именно сделано и когда."),
                    )
                )

    forwarding = FORWARDING.search(text)
    if forwarding and len(doc.tokens) <= FORWARDING_ONLY_WORDS:
        found.append(
            Finding(
                "forwarding_only",
                forwarding.start(),
                forwarding.end(),
                _("Ответ только сообщает о пересылке: дайте ответ по существу или объясните, что будет дальше."),
            )
        )

    for token, token_start, _token_end in doc.tokens:
        offset = 0
        for word in token.split("-"):  # «СЗВ-ТД» is two abbreviations, «СРОЧНО-СРОЧНО» two shouts
            start, end = token_start + offset, token_start + offset + len(word)
            offset += len(word) + 1
            if len(word) < 2 or not word.isalpha() or not word.isupper() or is_abbreviation(word):
                continue
            found.append(
                Finding("caps_word", start, end, _("Слово целиком заглавными буквами: так воспринимается как крик."))
            )

    for start, end in _sentences(text):
        count = sum(1 for _w, ws, _we in doc.tokens if start <= ws < end)
        if count > config.long_sentence_words:
            stripped = text[start:end]
            lead = len(stripped) - len(stripped.lstrip())
            found.append(
                Finding(
                    "long_sentence",
                    start + lead,
                    end,
                    ngettext(
                        "Предложение из %(count)s слова длиннее %(limit)s: разбейте его на короткие.",
                        "Предложение из %(count)s слов длиннее %(limit)s: разбейте его на короткие.",
                        count,
                    )
                    % {"count": count, "limit": config.long_sentence_words},
                )
            )

    for start, end in _match_phrases(doc, DEFAULT_BUREAUCRATESE + config.extra_bureaucratese):
        found.append(
            Finding(
                "bureaucratese", start, end, _("Канцелярит: «%(words)s» — скажите проще.") % {"words": text[start:end]}
            )
        )

    for start, end in _match_phrases(doc, RUDENESS):
        found.append(
            Finding(
                "rudeness",
                start,
                end,
                _("Грубость, сарказм или панибратство: «%(words)s».") % {"words": text[start:end]},
            )
        )

    if appeal_text and appeal_text.strip():
        first_start, first_end = _first_paragraph(text)
        first = _content_lemmas([lemma(word) for word, _s, _e in words(text[first_start:first_end])])
        asked = _content_lemmas([lemma(word) for word, _s, _e in words(appeal_text)])
        if len(first & asked) < config.restatement_min_shared:
            found.append(
                Finding(
                    "no_restatement",
                    first_start,
                    first_end,
                    _("Первый абзац не повторяет, о чём спрашивал заявитель: начните с сути обращения."),
                )
            )

    limit = 2 * CHARS_PER_PAGE.get(config.font_kind, CHARS_PER_PAGE["serif"]) - FIRST_PAGE_HEAD
    if kind != "social" and len(text) > limit:  # a social-media reply is not printed on the blank
        found.append(
            Finding(
                "too_long",
                limit,
                len(text),
                _("Ответ длиннее двух страниц бланка (около %(limit)s знаков): сократите.") % {"limit": limit},
            )
        )

    if kind == "internal":
        salutation = SALUTATION.search(text)
        if salutation:
            for match in REGARDS.finditer(text, salutation.end()):
                found.append(
                    Finding(
                        "regards_after_salutation",
                        match.start(),
                        match.end(),
                        _("Во внутреннем документе после обращения «Уважаемый …!» «С уважением» не пишут."),
                    )
                )

    found.sort(key=lambda item: (item.start, item.end, item.rule))
    return found
