"""Pure rules of a questionnaire: question specs, which questions show, answer checking and what reads as negative."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .choices import QuestionKind

CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MATRIX)
CONDITION_KINDS = (QuestionKind.RATING, QuestionKind.SINGLE, QuestionKind.MULTIPLE)
RATING_VALUES = ("1", "2", "3", "4", "5")
TEXT_LIMIT = 4000


@dataclass(frozen=True)
class QuestionSpec:
    """A question as the builder, a preset or a stored Question describes it."""

    code: str
    text: str
    kind: str
    required: bool = False
    options: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    show_if_code: str = ""
    show_if_values: tuple[str, ...] = ()
    dimension: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], position: int) -> QuestionSpec:
        show_if = data.get("show_if") or {}
        return cls(
            code=str(data.get("code") or f"q{position}").strip(),
            text=str(data.get("text") or "").strip(),
            kind=str(data.get("kind") or ""),
            required=bool(data.get("required", False)),
            options=tuple(str(o).strip() for o in data.get("options") or () if str(o).strip()),
            rows=tuple(str(r).strip() for r in data.get("rows") or () if str(r).strip()),
            show_if_code=str(data.get("show_if_code") or show_if.get("code") or "").strip(),
            show_if_values=tuple(
                str(v).strip() for v in (data.get("show_if_values") or show_if.get("values") or ()) if str(v).strip()
            ),
            dimension=str(data.get("dimension") or "").strip(),
        )


def check_specs(specs: Sequence[QuestionSpec]) -> list[str]:
    """Problems of a question list, in Russian, each naming the question's number; empty when it is fine."""
    problems: list[str] = []
    seen: dict[str, QuestionSpec] = {}
    if not specs:
        problems.append(_("В опросе должен быть хотя бы один вопрос."))
    for number, spec in enumerate(specs, start=1):
        where = _("Вопрос %(n)s") % {"n": number}
        if not spec.text:
            problems.append(_("%(w)s: нет текста вопроса.") % {"w": where})
        if spec.kind not in QuestionKind.values:
            problems.append(_("%(w)s: неизвестный тип «%(k)s».") % {"w": where, "k": spec.kind})
        if not re.fullmatch(r"[-a-zA-Z0-9_]+", spec.code):
            problems.append(_("%(w)s: код может содержать только латинские буквы, цифры, «-» и «_».") % {"w": where})
        if spec.code in seen:
            problems.append(_("%(w)s: код «%(c)s» уже занят.") % {"w": where, "c": spec.code})
        if spec.kind in CHOICE_KINDS and len(spec.options) < 2:
            problems.append(_("%(w)s: нужно не меньше двух вариантов ответа.") % {"w": where})
        if spec.kind == QuestionKind.MATRIX and not spec.rows:
            problems.append(_("%(w)s: у матрицы нет строк.") % {"w": where})
        if spec.show_if_code:
            source = seen.get(spec.show_if_code)
            if source is None:
                problems.append(
                    _("%(w)s: условие показа ссылается на «%(c)s» — это должен быть код одного из предыдущих вопросов.")
                    % {"w": where, "c": spec.show_if_code}
                )
            elif source.kind not in CONDITION_KINDS:
                problems.append(_("%(w)s: условие показа возможно только по оценке или выбору.") % {"w": where})
            elif not spec.show_if_values:
                problems.append(_("%(w)s: укажите ответы, при которых вопрос показывается.") % {"w": where})
            else:
                allowed = RATING_VALUES if source.kind == QuestionKind.RATING else source.options
                unknown = [v for v in spec.show_if_values if v not in allowed]
                if unknown:
                    problems.append(
                        _("%(w)s: в вопросе «%(c)s» нет ответа «%(v)s».")
                        % {"w": where, "c": spec.show_if_code, "v": unknown[0]}
                    )
        seen[spec.code] = spec
    return problems


def answer_values(clean: Mapping[str, Any] | None) -> set[str]:
    """The answer of a question as a set of strings, for show-if conditions."""
    if not clean:
        return set()
    if "score" in clean:
        return {str(clean["score"])}
    choices = clean.get("choices")
    if isinstance(choices, list):
        return {str(c) for c in choices}
    return set()


def is_shown(spec: QuestionSpec, clean_answers: Mapping[str, Mapping[str, Any]]) -> bool:
    if not spec.show_if_code:
        return True
    return bool(answer_values(clean_answers.get(spec.show_if_code)) & set(spec.show_if_values))


@dataclass
class CheckedAnswers:
    clean: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def check_answers(specs: Sequence[QuestionSpec], raw: Mapping[str, Any]) -> CheckedAnswers:
    """Check raw answers (code → str, list of str, or row index → str for a matrix); hidden questions are dropped.

    Conditions point only to earlier questions, so one pass in order decides visibility.
    """
    result = CheckedAnswers()
    for spec in specs:
        if not is_shown(spec, result.clean):
            continue
        value = raw.get(spec.code)
        clean, error = _check_one(spec, value)
        if error:
            result.errors[spec.code] = error
        elif clean is not None:
            result.clean[spec.code] = clean
        elif spec.required:
            result.errors[spec.code] = _("Ответьте, пожалуйста, на этот вопрос.")
    return result


def _check_one(spec: QuestionSpec, value: Any) -> tuple[dict[str, Any] | None, str]:
    if spec.kind == QuestionKind.RATING:
        text = str(value or "").strip()
        if not text:
            return None, ""
        if text not in RATING_VALUES:
            return None, _("Выберите оценку от 1 до 5.")
        return {"score": int(text)}, ""
    if spec.kind == QuestionKind.SINGLE:
        text = str(value or "").strip()
        if not text:
            return None, ""
        if text not in spec.options:
            return None, _("Выберите один из предложенных вариантов.")
        return {"choices": [text]}, ""
    if spec.kind == QuestionKind.MULTIPLE:
        chosen = [str(v) for v in (value or []) if str(v).strip()]
        if not chosen:
            return None, ""
        if any(v not in spec.options for v in chosen):
            return None, _("Выберите варианты из предложенных.")
        return {"choices": [o for o in spec.options if o in chosen]}, ""
    if spec.kind == QuestionKind.MATRIX:
        given = {str(k): str(v) for k, v in (value or {}).items() if str(v).strip()}
        if not given:
            return None, ""
        if any(v not in spec.options for v in given.values()) or any(
            not k.isdigit() or int(k) >= len(spec.rows) for k in given
        ):
            return None, _("Выберите варианты из предложенных.")
        if spec.required and len(given) < len(spec.rows):
            return None, _("Ответьте, пожалуйста, по каждой строке.")
        return {"choices": {spec.rows[int(k)]: v for k, v in sorted(given.items(), key=lambda kv: int(kv[0]))}}, ""
    text = str(value or "").strip()
    if not text:
        return None, ""
    if len(text) > TEXT_LIMIT:
        return None, _("Ответ длиннее %(n)s знаков — сократите его, пожалуйста.") % {"n": TEXT_LIMIT}
    return {"text": text}, ""


def answers_room(specs: Sequence[QuestionSpec]) -> int:
    """Bytes of JSON the longest answers to these questions can take (each text at its limit, each option chosen),
    rounded up to 4 KiB: the one length every sealed answer to them is padded to."""

    def size(text: str) -> int:
        return len(json.dumps(text, ensure_ascii=False).encode())

    room = 512
    for spec in specs:
        room += 64 + size(spec.code)
        if spec.kind == QuestionKind.TEXT:
            room += 6 * TEXT_LIMIT  # a control character takes six bytes as \uXXXX
        elif spec.kind == QuestionKind.MATRIX:
            room += sum(size(row) + max(map(size, spec.options), default=0) + 2 for row in spec.rows)
        else:
            room += sum(size(option) + 1 for option in spec.options)
    return -(-room // 4096) * 4096


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е"))


def stem_lines(text: str) -> list[str]:
    """The complaint stems of a settings text: one per line, blank lines and edge spaces dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def complaint_stems_in(text: str, stems: Sequence[str]) -> list[str]:
    """The stems found at the start of a word of `text` («плох» finds «плохо», not «неплохо»)."""
    haystack = normalised(text)
    found = []
    for stem in stems:
        needle = normalised(stem).strip()
        if needle and re.search(r"(?<![а-яa-z0-9])" + re.escape(needle), haystack):
            found.append(needle)
    return found


def negative_reasons(
    specs: Sequence[QuestionSpec], clean: Mapping[str, Mapping[str, Any]], *, negative_below: int, stems: Sequence[str]
) -> list[str]:
    """Why a questionnaire needs follow-up: low scores and complaint words, each explained."""
    reasons = []
    for spec in specs:
        answer = clean.get(spec.code)
        if not answer:
            continue
        score = answer.get("score")
        if score is not None and score < negative_below:
            reasons.append(_("«%(q)s»: оценка %(s)s") % {"q": spec.text, "s": score})
        text = answer.get("text")
        if text:
            found = complaint_stems_in(text, stems)
            if found:
                reasons.append(
                    _("«%(q)s»: похоже на жалобу (%(w)s)") % {"q": spec.text, "w": ", ".join(f"«{w}»" for w in found)}
                )
    return reasons
