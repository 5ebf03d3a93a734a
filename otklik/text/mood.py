"""Mood and content kind of an appeal's text (issue 18 item 2): a lexicon method on pymorphy3 lemmas.

The method is a lexicon (dictionary) one, not a learned model: the text is split into words, each word is brought to
its lemma (otklik.text.lemmas), and the lemmas are looked up in the word lists below. A negation («не», «ни», «нет»)
up to two words before a mood word flips its sign («не плохо» counts as positive, «не хороший» as negative). Obscene or
insulting lemmas make the mood aggressive and suggest the typed ground «нецензурные либо оскорбительные выражения» for
a person to review (never applied automatically). The content kind is the kind whose cue lemmas score highest; ties go
to the order of KIND_ORDER; a Russian text with no cue is an application (59-FZ's general kind). A text without
Cyrillic letters (empty, Latin-only, markup or control characters only) gives an empty result: neutral mood, no kind.
HTML tags and control characters are dropped and only the first MAX_CHARS characters are read. Pure: no database,
no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lemmas import lemma, words

MAX_CHARS = 20_000  # a longer text is cut: mood and kind are decided by its beginning
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TAG = re.compile(r"<[^>]{0,500}>")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")

# The typed ground an aggressive text suggests for review: the value of otklik.appeals.choices.TypedGround.OBSCENE
# («нецензурные либо оскорбительные выражения, угрозы»), kept as a plain string so that this module stays pure.
OBSCENE_GROUND = "obscene"

MOODS = ("positive", "neutral", "negative", "aggressive")
KIND_ORDER = (
    "out_of_competence",
    "knd_matter",
    "complaint",
    "proposal",
    "information_request",
    "internal",
    "application",
)
CONTENT_KINDS = (
    "proposal",
    "application",
    "complaint",
    "information_request",
    "knd_matter",
    "internal",
    "out_of_competence",
)

NEGATIONS = frozenset({"не", "ни", "нет", "нисколько", "отнюдь"})

POSITIVE = frozenset(
    {
        "спасибо",
        "благодарить",
        "благодарность",
        "признательный",
        "признательность",
        "хороший",
        "хорошо",
        "отличный",
        "отлично",
        "прекрасный",
        "прекрасно",
        "замечательный",
        "замечательно",
        "вежливый",
        "внимательный",
        "оперативно",
        "оперативный",
        "профессиональный",
        "профессионализм",
        "довольный",
        "рад",
        "радовать",
        "молодец",
        "успешно",
        "удобный",
        "удобно",
        "качественный",
        "чуткий",
        "отзывчивый",
    }
)

NEGATIVE = frozenset(
    {
        "плохо",
        "плохой",
        "ужасный",
        "ужасно",
        "безобразие",
        "безобразный",
        "бардак",
        "хамство",
        "хамить",
        "грубый",
        "грубо",
        "грубость",
        "жалоба",
        "жаловаться",
        "нарушение",
        "нарушать",
        "бездействие",
        "отказ",
        "отказать",
        "волокита",
        "игнорировать",
        "возмутительный",
        "возмущение",
        "возмущать",
        "недовольный",
        "недовольство",
        "невозможно",
        "проблема",
        "невыносимый",
        "беспредел",
        "халатность",
        "некомпетентный",
        "затопить",
        "разрушаться",
        "мусор",
        "грязь",
        "опасный",
        "опасность",
        "обман",
        "обмануть",
        "задержка",
        "задерживать",
        "просрочить",
        "незаконный",
        "незаконно",
        "отсутствовать",
        "сломать",
        "авария",
    }
)

# Insults and obscenity (lemmas; stems of the obscene roots are matched by prefix below).
INSULTS = frozenset(
    {
        "дурак",
        "идиот",
        "дебил",
        "кретин",
        "тупица",
        "тупой",
        "сволочь",
        "ублюдок",
        "мразь",
        "скотина",
        "урод",
        "подонок",
        "негодяй",
        "тварь",
        "козёл",
        "козел",
        "свинья",
        "быдло",
        "гад",
        "паразит",
        "придурок",
        "чмо",
        "ворюга",
        "зажраться",
        "убить",
        "прибить",
        "закопать",
        "сдохнуть",
    }
)
OBSCENE_STEMS = (
    "хуй",
    "хуе",
    "хуё",
    "хуя",
    "пизд",
    "ебан",
    "ебат",
    "ёбан",
    "ебл",
    "бля",
    "мудак",
    "мудил",
    "сук",
    "говн",
)
OBSCENE_EXACT = frozenset({"сука", "суки", "блядь", "блин-блядь"})

KIND_CUES: dict[str, frozenset[str]] = {
    "proposal": frozenset(
        {"предлагать", "предложение", "предложить", "рассмотреть", "целесообразно", "установить", "организовать"}
    ),
    "application": frozenset(
        {"просить", "заявление", "выдать", "предоставить", "оформить", "включить", "назначить", "выделить", "помочь"}
    ),
    "complaint": frozenset(
        {
            "жалоба",
            "жаловаться",
            "обжаловать",
            "нарушение",
            "нарушать",
            "бездействие",
            "незаконный",
            "незаконно",
            "хамство",
            "отказать",
            "отказ",
            "волокита",
        }
    ),
    "information_request": frozenset(
        {"разъяснить", "разъяснение", "сообщить", "информация", "подсказать", "какой", "куда", "как", "почему", "когда"}
    ),
    "knd_matter": frozenset(
        {
            "проверка",
            "контрольный",
            "надзорный",
            "надзор",
            "предписание",
            "лицензия",
            "лицензиат",
            "инспектор",
            "инспекция",
            "предостережение",
            "248-фз",
            "кнд",
        }
    ),
    "internal": frozenset({"служебный", "записка", "коллега", "внутренний", "приказ", "поручение"}),
}

# Out of the body's competence: cue lemmas → the body it belongs to.
OTHER_BODIES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"полиция", "участковый", "мошенник", "кража", "украсть", "драка"}), "МВД России"),
    (frozenset({"прокуратура", "прокурор"}), "Прокуратура"),
    (frozenset({"суд", "судья", "приговор", "пристав"}), "Суд / ФССП России"),
    (frozenset({"пенсия", "пенсионный", "соцфонд"}), "Социальный фонд России"),
    (frozenset({"налог", "налоговый", "инн", "фнс"}), "ФНС России"),
)


@dataclass(frozen=True)
class TextAnalysis:
    """What the lexicon method found in one text."""

    mood: str = "neutral"
    content_kind: str = ""
    belongs_to: str = ""
    suggest_ground_obscene: bool = False
    insult_words: tuple[str, ...] = ()
    score: int = 0

    @property
    def suggested_ground(self) -> str:
        """The typed ground to offer a person for review ("" when none): only aggressive texts suggest one."""
        return OBSCENE_GROUND if self.suggest_ground_obscene else ""


def clean(text: str) -> str:
    """The text without HTML tags and control characters, cut to MAX_CHARS."""
    text = text[: MAX_CHARS * 5]
    text = TAG.sub(" ", text)
    text = CONTROL.sub(" ", text)
    return text[:MAX_CHARS]


def is_insult(word: str, word_lemma: str) -> bool:
    """Whether a word is an insult or obscenity."""
    lowered = word.lower()
    if word_lemma in INSULTS or lowered in OBSCENE_EXACT:
        return True
    return lowered.startswith(OBSCENE_STEMS) and not lowered.startswith(("сукн", "суконн"))


def analyse(text: str) -> TextAnalysis:
    """Mood, content kind and, when out of competence, the body it belongs to; an empty result for no Russian text."""
    text = clean(text or "")
    if not CYRILLIC.search(text):
        return TextAnalysis()
    tokens = [(word, lemma(word)) for word, _start, _end in words(text)]
    score = 0
    insults: list[str] = []
    kind_scores = {kind: 0 for kind in KIND_CUES}
    out_scores: dict[str, int] = {}
    for index, (word, word_lemma) in enumerate(tokens):
        if is_insult(word, word_lemma):
            insults.append(word)
            continue
        negated = any(previous in NEGATIONS for _w, previous in tokens[max(0, index - 2) : index])
        if word_lemma in POSITIVE:
            score += -1 if negated else 1
        elif word_lemma in NEGATIVE:
            score += 1 if negated else -1
        for kind, cues in KIND_CUES.items():
            if word_lemma in cues:
                kind_scores[kind] += 1
        for cues, body in OTHER_BODIES:
            if word_lemma in cues:
                out_scores[body] = out_scores.get(body, 0) + 1
    if insults:
        mood = "aggressive"
    elif score > 0:
        mood = "positive"
    elif score < 0:
        mood = "negative"
    else:
        mood = "neutral"
    belongs_to = max(out_scores, key=lambda body: out_scores[body]) if out_scores else ""
    if belongs_to and out_scores[belongs_to] >= max(kind_scores.values()):
        kind = "out_of_competence"
    else:
        best = max(kind_scores.values())
        kind = "application" if best == 0 else next(k for k in KIND_ORDER if kind_scores.get(k) == best)
        belongs_to = ""
    return TextAnalysis(
        mood=mood,
        content_kind=kind,
        belongs_to=belongs_to,
        suggest_ground_obscene=bool(insults),
        insult_words=tuple(insults),
        score=score,
    )
