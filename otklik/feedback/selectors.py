"""Permission-checked reads of feedback: surveys, results with small groups suppressed, follow-up, figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import ChannelType, RoleCode
from otklik.orgs.models import Organisation, Unit
from otklik.orgs.permissions import AnyUser, has_role, require_member
from otklik.touchpoints.models import Process

from .choices import FollowUpStatus, QuestionKind
from .models import FollowUpTask, Publication, Response, Survey, SurveyVersion
from .ratings import Csat, RatingFact, csat_by, csat_of, quarter_bounds, quarter_of, rating_facts
from .services import MANAGER_ROLES

MIN_GROUP = 5
READER_ROLES = (*MANAGER_ROLES, RoleCode.UNIT_HEAD, RoleCode.CONTROLLER)


def can_manage(user: AnyUser, organisation: Organisation) -> bool:
    return has_role(user, organisation, *MANAGER_ROLES)


def can_read_results(user: AnyUser, organisation: Organisation) -> bool:
    """Survey results, figures and every follow-up task are for managers, unit heads and controllers."""
    return has_role(user, organisation, *READER_ROLES)


def require_reader(user: AnyUser, organisation: Organisation) -> None:
    if not can_read_results(user, organisation):
        raise PermissionDeniedError(
            _("Результаты опросов видят руководитель, его заместитель, руководители подразделений и контролёры.")
        )


def surveys_for_staff(*, user: AnyUser, organisation: Organisation) -> QuerySet[Survey]:
    require_member(user, organisation)
    return Survey.objects.filter(organisation=organisation).order_by("title")


def publications_for_staff(*, user: AnyUser, organisation: Organisation) -> QuerySet[Publication]:
    """«You said — we did» drafts and publications of the organisation, newest first."""
    require_member(user, organisation)
    return Publication.objects.filter(organisation=organisation).order_by("-pk")


def survey_for_staff(*, user: AnyUser, organisation: Organisation, pk: int) -> Survey:
    survey = surveys_for_staff(user=user, organisation=organisation).filter(pk=pk).first()
    if survey is None:
        raise PermissionDeniedError(_("Опрос не найден."))
    return survey


def follow_ups_for_staff(
    *, user: AnyUser, organisation: Organisation, open_only: bool = False
) -> QuerySet[FollowUpTask]:
    """Managers see every task of the body; others see the tasks they answer for."""
    require_member(user, organisation)
    tasks = FollowUpTask.objects.filter(organisation=organisation).select_related("survey", "responsible")
    if not can_read_results(user, organisation):
        tasks = tasks.filter(responsible=user)  # type: ignore[misc]
    if open_only:
        tasks = tasks.filter(status=FollowUpStatus.OPEN)
    return tasks.order_by("status", "due_on", "pk")


def follow_up_for_staff(*, user: AnyUser, organisation: Organisation, pk: int) -> FollowUpTask:
    task = follow_ups_for_staff(user=user, organisation=organisation).filter(pk=pk).first()
    if task is None:
        raise PermissionDeniedError(_("Задача не найдена."))
    return task


def public_surveys(organisation: Organisation) -> QuerySet[Survey]:
    return Survey.objects.filter(organisation=organisation, is_public=True, is_active=True).order_by("title")


def public_survey(organisation: Organisation, code: str) -> Survey | None:
    return public_surveys(organisation).filter(code=code).first()


def public_publications(organisation: Organisation) -> QuerySet[Publication]:
    return Publication.objects.filter(organisation=organisation, published_on__isnull=False).order_by(
        "-published_on", "-pk"
    )


# ---- survey results ---------------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    code: str
    text: str
    kind: str
    answered: int = 0
    average: float | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)
    matrix: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class GroupResult:
    label: str
    respondents: int
    averages: list[tuple[str, float | None]]


@dataclass
class SurveyResults:
    version: SurveyVersion
    respondents: int
    shown: bool
    questions: list[QuestionResult]
    groups: list[GroupResult]
    hidden_groups: int


def shown_groups(sizes: dict[Any, int], total: int, minimum: int = MIN_GROUP) -> set[Any]:
    """Groups whose figures may be shown: at least `minimum` respondents each, and what is left over (total minus
    the shown groups) is either nothing or again at least `minimum`, so no small group is found by subtraction."""
    shown = {key for key, size in sizes.items() if size >= minimum}
    while shown:
        rest = total - sum(sizes[key] for key in shown)
        if rest == 0 or rest >= minimum:
            break
        shown.discard(min(shown, key=lambda key: (sizes[key], str(key))))
    return shown


def _average(scores: list[int]) -> float | None:
    return round(sum(scores) / len(scores), 2) if scores else None


def _question_result(question: Any, answers: list[Any], *, with_texts: bool) -> QuestionResult:
    result = QuestionResult(question.code, question.text, question.kind, answered=len(answers))
    if question.kind == QuestionKind.RATING:
        scores = [a.score for a in answers if a.score is not None]
        result.average = _average(scores)
        counter = Counter(scores)
        result.counts = [(str(n), counter.get(n, 0)) for n in range(1, 6)]
    elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        counter = Counter(choice for a in answers for choice in (a.choices or []))
        result.counts = [(option, counter.get(option, 0)) for option in question.options]
    elif question.kind == QuestionKind.MATRIX:
        for row in question.rows:
            counter = Counter((a.choices or {}).get(row) for a in answers)
            result.matrix.append((row, [(option, counter.get(option, 0)) for option in question.options]))
    elif with_texts:
        result.texts = [a.text for a in answers if a.text]
    return result


def survey_results(*, user: AnyUser, survey: Survey, version: SurveyVersion | None = None) -> SurveyResults:
    """Figures of one version; an anonymous survey shows nothing under 5 respondents and no group under 5."""
    require_reader(user, survey.organisation)
    version = version or survey.current_version
    assert version is not None
    responses = list(Response.objects.filter(version=version).prefetch_related("answers"))
    total = len(responses)
    shown = total >= MIN_GROUP or not survey.is_anonymous
    questions = list(version.questions.order_by("position"))
    by_question: dict[int, list[Any]] = defaultdict(list)
    for response in responses:
        for answer in response.answers.all():
            by_question[answer.question_id].append(answer)
    results = [_question_result(q, by_question[q.pk], with_texts=shown) for q in questions] if shown else []
    groups: list[GroupResult] = []
    hidden = 0
    if shown:
        sizes = Counter(response.unit_id for response in responses)
        visible = shown_groups(dict(sizes), total) if survey.is_anonymous else set(sizes)
        hidden = len(set(sizes) - visible)
        names = dict(Unit.objects.filter(pk__in=[k for k in visible if k]).values_list("pk", "name"))
        ratings = [q for q in questions if q.kind == QuestionKind.RATING]
        for key in sorted(visible, key=lambda k: names.get(k, "")):
            members = [r for r in responses if r.unit_id == key]
            averages = []
            for question in ratings:
                scores = [a.score for r in members for a in r.answers.all() if a.question_id == question.pk and a.score]
                averages.append((question.text, _average(scores)))
            groups.append(GroupResult(names.get(key, _("Подразделение не указано")), len(members), averages))
    return SurveyResults(version, total, shown, results, groups, hidden)


# ---- quarterly satisfaction figures -----------------------------------------------------------------------


@dataclass
class QuarterFigures:
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    overall: Csat
    by_channel: list[tuple[str, Csat]]
    by_process: list[tuple[str, Csat]]
    by_unit: list[tuple[str, Csat]]
    by_source: list[tuple[str, Csat]]
    by_quarter: list[tuple[str, Csat]]
    follow_ups_opened: int
    follow_ups_closed: int


def _named(groups: dict[object, Csat], names: dict[Any, str], empty: str) -> list[tuple[str, Csat]]:
    rows = [(names.get(key, str(key)) if key is not None else empty, value) for key, value in groups.items()]
    return sorted(rows, key=lambda row: (-row[1].total, row[0]))


def quarter_figures(*, user: AnyUser, organisation: Organisation, year: int, quarter: int) -> QuarterFigures:
    """CSAT (share of ratings 4–5) of every registered rating source, for a quarter and per quarter of its year."""
    require_reader(user, organisation)
    start, end = quarter_bounds(year, quarter)
    year_facts: list[RatingFact] = list(rating_facts(organisation, dt.date(year, 1, 1), dt.date(year, 12, 31)))
    facts = [fact for fact in year_facts if start <= fact.day <= end]
    processes = dict(Process.objects.filter(organisation=organisation).values_list("pk", "name"))
    units = dict(Unit.objects.filter(organisation=organisation).values_list("pk", "name"))
    channels = {code: str(label) for code, label in ChannelType.choices}
    per_quarter = csat_by(year_facts, lambda f: quarter_of(f.day))
    tasks = FollowUpTask.objects.filter(organisation=organisation)
    return QuarterFigures(
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        overall=csat_of(facts),
        by_channel=_named(csat_by(facts, lambda f: f.channel), channels, _("не указан")),
        by_process=_named(csat_by(facts, lambda f: f.process_id), processes, _("процесс не указан")),
        by_unit=_named(csat_by(facts, lambda f: f.unit_id), units, _("подразделение не указано")),
        by_source=_named(csat_by(facts, lambda f: f.source), {}, ""),
        by_quarter=[(_("%(q)s квартал") % {"q": q}, per_quarter.get(q, Csat(0, 0))) for q in (1, 2, 3, 4)],
        follow_ups_opened=tasks.filter(opened_on__range=(start, end)).count(),
        follow_ups_closed=tasks.filter(Q(closed_on__range=(start, end))).count(),
    )
