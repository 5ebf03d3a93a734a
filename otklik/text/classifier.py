"""The text room's thematic classifier: TF-IDF over lemmas, nearest centroid per leaf, backing off through levels."""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .lemmas import lemmas

MAX_TEXT = 20_000  # characters read from one appeal; the theme is stated early, the rest only slows the model down
TOP = 5
NAME_WEIGHT = 3.0  # a leaf's own name counts more than its parents' names
PAST_WEIGHT = 1.0
# The score of a leaf adds its theme's (level 3) and subject's (level 2) similarity: back-off through levels.
LEVEL_WEIGHTS = {0: 1.0, 3: 0.6, 2: 0.25}
STOP = frozenset(
    [
        "и",
        "в",
        "во",
        "не",
        "на",
        "с",
        "со",
        "по",
        "к",
        "ко",
        "о",
        "об",
        "от",
        "до",
        "из",
        "за",
        "у",
        "для",
        "при",
        "без",
        "над",
        "под",
        "же",
        "бы",
        "ли",
        "что",
        "как",
        "так",
        "это",
        "этот",
        "тот",
        "мой",
        "наш",
        "ваш",
        "его",
        "ее",
        "их",
        "она",
        "он",
        "они",
        "мы",
        "вы",
        "я",
        "а",
        "но",
        "или",
        "то",
        "весь",
        "свой",
        "который",
        "быть",
        "мочь",
        "прошу",
        "просить",
        "уважаемый",
        "также",
        "такой",
        "данный",
        "иной",
        "другой",
        "вопрос",
        "связь",
        "год",
        "число",
    ]
)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def features(text: str) -> Counter[str]:
    """The lemmas of a text that carry meaning (no stop words, no one-letter words, no numbers)."""
    return Counter(
        word for word in lemmas(text[:MAX_TEXT]) if len(word) > 2 and word not in STOP and not word.isdigit()
    )


def theme_of(code: str) -> str:
    """The first three levels of a code (раздел.тематика.тема)."""
    return ".".join(code.split(".")[:3])


@dataclass(frozen=True)
class Suggestion:
    """One suggested code with its name and score (0…1, best first)."""

    code: str
    name: str
    score: float


@dataclass
class Model:
    """A trained model: idf per term, and unit-length TF-IDF centroids per leaf, theme and subject."""

    idf: dict[str, float]
    names: dict[str, str]
    leaves: list[str]
    # term -> [(index into groups[level], weight)]
    postings: dict[int, dict[str, list[tuple[int, float]]]]
    groups: dict[int, list[str]]
    trained_on: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def predict(self, text: str, *, top: int = TOP) -> list[Suggestion]:
        """The best `top` leaves for a text; empty when the text has no known Russian word."""
        counts = features(text)
        query = {term: (1 + math.log(n)) * self.idf[term] for term, n in counts.items() if term in self.idf}
        norm = math.sqrt(sum(w * w for w in query.values()))
        if not norm:
            return []
        level_scores: dict[int, dict[int, float]] = {}
        for level in LEVEL_WEIGHTS:
            scores: dict[int, float] = defaultdict(float)
            postings = self.postings[level]
            for term, weight in query.items():
                for index, centroid_weight in postings.get(term, ()):
                    scores[index] += weight * centroid_weight / norm
            level_scores[level] = scores
        theme_index = {code: i for i, code in enumerate(self.groups[3])}
        subject_index = {code: i for i, code in enumerate(self.groups[2])}
        total: dict[str, float] = {}
        candidates = set(level_scores[0])
        # leaves of well-matching themes take part even if no word of theirs matched
        for index in sorted(level_scores[3], key=level_scores[3].__getitem__, reverse=True)[:3]:
            theme_code = self.groups[3][index]
            candidates.update(i for i, leaf in enumerate(self.leaves) if theme_of(leaf) == theme_code)
        for index in candidates:
            leaf = self.leaves[index]
            score = LEVEL_WEIGHTS[0] * level_scores[0].get(index, 0.0)
            theme = theme_index.get(theme_of(leaf))
            if theme is not None:
                score += LEVEL_WEIGHTS[3] * level_scores[3].get(theme, 0.0)
            subject = subject_index.get(".".join(leaf.split(".")[:2]))
            if subject is not None:
                score += LEVEL_WEIGHTS[2] * level_scores[2].get(subject, 0.0)
            total[leaf] = score
        best = sorted(total.items(), key=lambda item: (-item[1], item[0]))[:top]
        scale = sum(LEVEL_WEIGHTS.values())
        return [Suggestion(code=code, name=self.names.get(code, ""), score=round(s / scale, 4)) for code, s in best]

    def dumps(self) -> bytes:
        """The model as compressed JSON (stored in the database)."""
        data = {
            "idf": self.idf,
            "names": self.names,
            "leaves": self.leaves,
            "groups": {str(k): v for k, v in self.groups.items()},
            "postings": {str(k): v for k, v in self.postings.items()},
            "trained_on": self.trained_on,
            "extra": self.extra,
        }
        return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6)

    @classmethod
    def loads(cls, blob: bytes) -> Model:
        data = json.loads(zlib.decompress(blob))
        return cls(
            idf=data["idf"],
            names=data["names"],
            leaves=data["leaves"],
            groups={int(k): v for k, v in data["groups"].items()},
            postings={
                int(k): {t: [(int(i), float(w)) for i, w in p] for t, p in v.items()}
                for k, v in data["postings"].items()
            },
            trained_on=data["trained_on"],
            extra=data.get("extra", {}),
        )


def _group_key(leaf: str, level: int) -> str:
    return leaf if level == 0 else ".".join(leaf.split(".")[:level])


def train(nodes: Iterable[tuple[str, str, str | None]], examples: Iterable[tuple[str, str]]) -> Model:
    """Train from classifier nodes (code, name, parent code) and past appeals (text, confirmed leaf code).

    Memory is bounded by vocabulary × classes: examples are streamed and only summed into per-class term counts.
    """
    name_of: dict[str, str] = {}
    parent_of: dict[str, str | None] = {}
    has_children: set[str] = set()
    for code, name, parent in nodes:
        name_of[code] = name
        parent_of[code] = parent
        if parent:
            has_children.add(parent)
    leaves = sorted(code for code in name_of if code not in has_children and code.count(".") >= 3)
    leaf_set = set(leaves)
    class_counts: dict[str, defaultdict[str, float]] = {leaf: defaultdict(float) for leaf in leaves}
    document_frequency: Counter[str] = Counter()
    documents = 0

    def add(leaf: str, counts: Counter[str], weight: float) -> None:
        target = class_counts[leaf]
        for term, n in counts.items():
            target[term] += weight * (1 + math.log(n))

    for leaf in leaves:
        name_counts: defaultdict[str, float] = defaultdict(float)
        for term, n in features(name_of[leaf]).items():
            name_counts[term] += n * NAME_WEIGHT
        ancestor = parent_of[leaf]
        while ancestor:
            for term, n in features(name_of[ancestor]).items():
                name_counts[term] += n
            ancestor = parent_of.get(ancestor)
        for term, value in name_counts.items():
            class_counts[leaf][term] += value
        document_frequency.update(name_counts.keys())
        documents += 1
    trained_on = 0
    for text, code in examples:
        if code not in leaf_set:
            continue
        counts = features(text)
        if not counts:
            continue
        add(code, counts, PAST_WEIGHT)
        document_frequency.update(counts.keys())
        documents += 1
        trained_on += 1
    idf = {term: math.log((1 + documents) / (1 + df)) + 1 for term, df in document_frequency.items()}
    groups: dict[int, list[str]] = {}
    postings: dict[int, dict[str, list[tuple[int, float]]]] = {}
    for level in LEVEL_WEIGHTS:
        merged: dict[str, defaultdict[str, float]] = {}
        for leaf in leaves:
            group = merged.setdefault(_group_key(leaf, level), defaultdict(float))
            for term, value in class_counts[leaf].items():
                group[term] += value
        keys = sorted(merged)
        groups[level] = keys
        level_postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, key in enumerate(keys):
            vector = {term: math.log1p(value) * idf[term] for term, value in merged[key].items()}
            norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
            for term, weight in vector.items():
                level_postings[term].append((index, round(weight / norm, 5)))
        postings[level] = dict(level_postings)
    names = {code: name_of[code] for code in leaves}
    return Model(idf=idf, names=names, leaves=leaves, postings=postings, groups=groups, trained_on=trained_on)


def is_russian(text: str) -> bool:
    """Whether a text has any Cyrillic letter (other scripts get an empty result)."""
    return bool(CYRILLIC.search(text))


@dataclass
class Evaluation:
    """Accuracy of a model on labelled texts: leaf top-1/top-3, theme top-3, and confusion by section."""

    total: int = 0
    top1: int = 0
    top3: int = 0
    theme_top3: int = 0
    # (true section, predicted section of the first suggestion) -> count
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)


def evaluate(model: Model, rows: Iterable[tuple[str, str]]) -> Evaluation:
    """Measure a model on (text, correct leaf code) rows; never used to tune it."""
    result = Evaluation()
    for text, code in rows:
        codes = [s.code for s in model.predict(text)]
        result.total += 1
        result.top1 += codes[:1] == [code]
        result.top3 += code in codes[:3]
        result.theme_top3 += theme_of(code) in {theme_of(c) for c in codes[:3]}
        result.confusion[(code[:4], codes[0][:4] if codes else "—")] += 1
    return result
