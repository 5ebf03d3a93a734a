"""Text similarity for the text room's repeat check: content lemmas, TF-IDF cosine, new lemmas (pure functions)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from .lemmas import lemmas

# Function words and the words every appeal uses whatever it is about (greeting, asking, repeating), as lemmas.
_STOP_WORDS_TEXT = """
    а без более бы был быть в вам вас весь во вот все всё вы где да даже для до его ее её если есть еще ещё же за
    и из или им их к как какой когда который кто ли либо мне мной мы на над не нет ни но ну о об один он она они
    оно от по под при про с со так также такой там тот то тоже только у уже чем что чтобы это этот я
    себя свой мой наш ваш ваше сам самый этот такой весь каждый другой
    уважаемый здравствуйте здравствовать добрый день просить прошу просьба пожалуйста благодарить спасибо заранее
    сообщать сообщить разъяснить разъяснение дать давать рассмотреть рассмотрение обращение обращаться
    обратиться вопрос ответ ответить получить письмо заявление жалоба ранее вновь снова опять повторно
    ещё раз очень можно нужно надо мочь год г писать написать разобраться повод поводу связь
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def content_lemmas(text: str) -> list[str]:
    """The lemmas that carry the text's substance: stop words and one-letter words left out, numbers kept."""
    return [item for item in lemmas(text) if item not in STOP_WORDS and (len(item) > 1 or item.isdigit())]


def _weights(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    return {term: (1 + math.log(n)) * idf.get(term, 1.0) for term, n in counts.items()}


def inverse_frequencies(documents: Iterable[Sequence[str]]) -> dict[str, float]:
    """Smoothed IDF of each lemma over the documents (lemma lists): rarer lemmas weigh more."""
    docs = [set(doc) for doc in documents]
    total = len(docs)
    frequency: Counter[str] = Counter(term for doc in docs for term in doc)
    return {term: math.log((1 + total) / (1 + df)) + 1 for term, df in frequency.items()}


def cosine(first: Sequence[str], second: Sequence[str], idf: dict[str, float] | None = None) -> float:
    """The cosine of two lemma lists' TF-IDF vectors, 0…1 (plain log-TF weights when no IDF is given)."""
    if not first or not second:
        return 0.0
    weights = idf or {}
    a, b = _weights(Counter(first), weights), _weights(Counter(second), weights)
    dot = sum(value * b[term] for term, value in a.items() if term in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def similarity(first: str, second: str, *, corpus: Iterable[str] = ()) -> float:
    """How alike two Russian texts are by their content lemmas, 0…1; `corpus` (other texts) sharpens the IDF."""
    a, b = content_lemmas(first), content_lemmas(second)
    idf = inverse_frequencies([a, b, *(content_lemmas(text) for text in corpus)])
    return cosine(a, b, idf)


def new_lemmas(text: str, earlier: Iterable[str]) -> list[str]:
    """The content lemmas of `text` found in none of the earlier texts, in order of first use (new arguments)."""
    seen: set[str] = set()
    for item in earlier:
        seen.update(content_lemmas(item))
    fresh: list[str] = []
    for item in content_lemmas(text):
        if item not in seen and item not in fresh:
            fresh.append(item)
    return fresh
