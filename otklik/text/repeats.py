"""The text room's repeat detection: is a new appeal «повторное» or «неоднократное», and after which ones (R-AP-7).

The author is the appeals room's Author row: registration reuses it for the same e-mail, or the same normalised
name and postal address, within the same body (Author.identity_key), so «the same author to the same body» is the
same Author. «The same question» is the same theme — the first three levels of the classifier code
(раздел.тематика.тема), because registrars code the leaf (вопрос) of the same complaint differently — and texts
alike by their content lemmas (TF-IDF cosine over SAME_QUESTION). An appeal without codes is judged by its text
alone, against the stricter SAME_TEXT.

«Повторное» (004 App. 1 §1.1): such an earlier appeal exists. «Неоднократное» (59-FZ art. 11 part 5; 004 App. 1
§4.3 ground 5): two or more answers on the merits were already sent on that question and the new text brings no
new arguments — it is as alike as NO_NEW_ARGUMENTS to an earlier one and has at most NEW_LEMMAS_ALLOWED content
lemmas none of them used. Only then is the typed answer of ground 5 suggested; the official decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from otklik.appeals.choices import AnswerKind, AnswerStatus
from otklik.appeals.models import Answer, Appeal, Question

from .models import RepeatKind
from .similarity import content_lemmas, cosine, inverse_frequencies, new_lemmas

SAME_QUESTION = 0.2  # cosine of content lemmas for appeals on the same theme
SAME_TEXT = 0.5  # …for an appeal compared without classifier codes
NO_NEW_ARGUMENTS = 0.5  # a «неоднократное» text is at least this alike to an earlier one
NEW_LEMMAS_ALLOWED = 2  # …and brings at most this many content lemmas none of the earlier texts used
ANSWERS_FOR_REITERATED = 2  # answers on the merits already sent on the question


@dataclass(frozen=True)
class Repeat:
    """The finding for one new appeal: its kind, the earlier appeals on the same question, and the evidence."""

    kind: str
    earlier: list[Appeal]
    similarity: float
    answers_on_merits: int
    new_lemmas: list[str] = field(default_factory=list)

    @property
    def suggests_typed_answer(self) -> bool:
        return self.kind == RepeatKind.REITERATED


def theme_of(code: str) -> str:
    """The theme a classifier code belongs to: its first three levels («0003.0009.0099.0001» → «0003.0009.0099»)."""
    return ".".join(code.split(".")[:3])


def _themes(appeal_ids: list[int]) -> dict[int, set[str]]:
    themes: dict[int, set[str]] = {pk: set() for pk in appeal_ids}
    rows = Question.objects.filter(appeal_id__in=appeal_ids, classifier__isnull=False).values_list(
        "appeal_id", "classifier__code"
    )
    for appeal_id, code in rows:
        themes[appeal_id].add(theme_of(code))
    return themes


def find_repeat(appeal: Appeal) -> Repeat | None:
    """The repeat finding for a newly registered appeal, or None when the author never asked this before."""
    candidates = list(
        Appeal.objects.filter(
            organisation_id=appeal.organisation_id,
            author_id=appeal.author_id,
            registered_on__lte=appeal.registered_on,
            pk__lt=appeal.pk,
        ).order_by("registered_on", "pk")
    )
    if not candidates:
        return None
    themes = _themes([appeal.pk, *(item.pk for item in candidates)])
    texts = {item.pk: content_lemmas(item.text) for item in candidates}
    mine = content_lemmas(appeal.text)
    idf = inverse_frequencies([mine, *texts.values()])
    matched: list[tuple[Appeal, float]] = []
    for item in candidates:
        score = cosine(mine, texts[item.pk], idf)
        mine_themes, their_themes = themes[appeal.pk], themes[item.pk]
        if mine_themes and their_themes:
            same = bool(mine_themes & their_themes) and score >= SAME_QUESTION
        else:
            same = score >= SAME_TEXT
        if same:
            matched.append((item, score))
    if not matched:
        return None
    earlier = [item for item, _score in matched]
    best = max(score for _item, score in matched)
    answers = Answer.objects.filter(appeal__in=earlier, kind=AnswerKind.FINAL, status=AnswerStatus.SENT).count()
    fresh = new_lemmas(appeal.text, [item.text for item in earlier])
    reiterated = answers >= ANSWERS_FOR_REITERATED and best >= NO_NEW_ARGUMENTS and len(fresh) <= NEW_LEMMAS_ALLOWED
    return Repeat(
        kind=RepeatKind.REITERATED if reiterated else RepeatKind.REPEATED,
        earlier=earlier,
        similarity=round(best, 3),
        answers_on_merits=answers,
        new_lemmas=fresh,
    )
