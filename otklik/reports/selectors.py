"""The quarterly analysis of appeals (004 App. 1 §5.11; R-AP-12): internal, for staff with an oversight role.

A handful of aggregate queries (GROUP BY) over the quarter's appeals, so it stays fast on a million rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from otklik.appeals.choices import (
    AnswerKind,
    AnswerOutcome,
    AnswerStatus,
    AppealKind,
    AppealStatus,
    IntakeChannel,
    QuestionResult,
)
from otklik.appeals.models import Answer, Appeal, ClassifierNode, Question
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, has_role

ANALYSIS_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.CONTROLLER, RoleCode.REGISTRAR, RoleCode.UNIT_HEAD)
OPEN = (AppealStatus.REGISTERED, AppealStatus.IN_WORK)
TIMELINESS = {
    "on_time": "В срок",
    "extended": "С продлением срока, в срок",
    "late": "С нарушением срока",
    "in_progress": "На рассмотрении, срок не истёк",
}


@dataclass
class Analysis:
    """Each breakdown is a list of (label, count), largest first (timeliness in a fixed order)."""

    organisation: Organisation
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    total: int = 0
    repeated: int = 0
    breakdowns: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    TITLES = {
        "section": "Разделы тематического классификатора (по вопросам)",
        "theme": "Тематики классификатора (по вопросам), первые 20",
        "channel": "Каналы поступления",
        "unit": "Подразделения",
        "kind": "Вид",
        "status": "Состояние",
        "outcome": "Итог ответа по существу",
        "result": "Результат рассмотрения вопросов",
        "timeliness": "Соблюдение сроков",
    }

    def titled(self) -> list[tuple[str, str, list[tuple[str, int]]]]:
        return [(key, _(self.TITLES[key]), self.breakdowns.get(key, [])) for key in self.TITLES]


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1..4")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def require_analyst(user: AnyUser, organisation: Organisation) -> None:
    """The analysis is internal (§5.11: «носит внутриведомственный характер и не подлежит опубликованию»)."""
    if not has_role(user, organisation, *ANALYSIS_ROLES):
        raise PermissionDeniedError(_("Анализ обращений доступен руководству, контролёрам и регистраторам."))


def _counted(rows: Any, key: str, labels: dict[Any, str] | None = None) -> list[tuple[str, int]]:
    out = []
    for row in rows:
        value = row[key]
        label = (labels or {}).get(value, value) if value not in (None, "") else _("не указано")
        out.append((str(label), int(row["n"])))
    return sorted(out, key=lambda item: (-item[1], item[0]))


def quarterly_analysis(
    *, user: AnyUser, organisation: Organisation, year: int, quarter: int, today: dt.date
) -> Analysis:
    require_analyst(user, organisation)
    start, end = quarter_bounds(year, quarter)
    analysis = Analysis(organisation=organisation, year=year, quarter=quarter, start=start, end=end)
    appeals: QuerySet[Appeal] = Appeal.objects.filter(
        organisation=organisation, registered_on__gte=start, registered_on__lte=end
    ).order_by()
    timeliness = Case(
        When(Q(status__in=OPEN) & Q(governing_due_date__lt=today), then=Value("late")),
        When(status__in=OPEN, then=Value("in_progress")),
        When(closed_at__date__gt=F("governing_due_date"), then=Value("late")),
        When(extended_due_date__isnull=False, then=Value("extended")),
        default=Value("on_time"),
        output_field=CharField(),
    )
    # One pass over the quarter for the appeal-level breakdowns and the repeat count.
    earlier = Appeal.objects.filter(
        organisation=organisation, author_id=OuterRef("author_id"), registered_on__lt=OuterRef("registered_on")
    )
    grouped = list(
        appeals.annotate(t=timeliness)
        .values("channel", "kind", "unit_id", "status", "t")
        .annotate(n=Count("pk"), rep=Count("pk", filter=Exists(earlier)))
    )
    analysis.total = sum(row["n"] for row in grouped)
    analysis.repeated = sum(row["rep"] for row in grouped)

    def fold(key: str) -> list[dict[str, Any]]:
        sums: dict[Any, int] = {}
        for row in grouped:
            sums[row[key]] = sums.get(row[key], 0) + row["n"]
        return [{key: k, "n": v} for k, v in sums.items()]

    unit_names = dict(organisation.units.values_list("pk", "name"))
    analysis.breakdowns["channel"] = _counted(fold("channel"), "channel", {k: str(v) for k, v in IntakeChannel.choices})
    analysis.breakdowns["kind"] = _counted(fold("kind"), "kind", {k: str(v) for k, v in AppealKind.choices})
    analysis.breakdowns["unit"] = _counted(fold("unit_id"), "unit_id", unit_names)
    analysis.breakdowns["status"] = _counted(fold("status"), "status", {k: str(v) for k, v in AppealStatus.choices})
    by_t = {row["t"]: row["n"] for row in fold("t")}
    analysis.breakdowns["timeliness"] = [(_(label), by_t.get(key, 0)) for key, label in TIMELINESS.items()]

    questions = Question.objects.filter(
        appeal__organisation=organisation, appeal__registered_on__gte=start, appeal__registered_on__lte=end
    ).order_by()
    sections = dict(ClassifierNode.objects.filter(level=1).values_list("section_code", "name"))
    analysis.breakdowns["section"] = _counted(
        questions.values("section_code").annotate(n=Count("pk")), "section_code", sections
    )
    theme_query = (
        questions.exclude(classifier=None)
        .annotate(theme=Substr("classifier__code", 1, 9))
        .values("theme")
        .annotate(n=Count("pk"))
        .order_by("-n")[:20]
    )
    theme_rows: list[dict[str, Any]] = list(theme_query)
    theme_names = dict(
        ClassifierNode.objects.filter(code__in=[f"{row['theme']}.0000.0000" for row in theme_rows]).values_list(
            "code", "name"
        )
    )
    analysis.breakdowns["theme"] = [
        (f"{row['theme']} {theme_names.get(row['theme'] + '.0000.0000', '')}".strip(), int(row["n"]))
        for row in theme_rows
    ]
    analysis.breakdowns["result"] = _counted(
        questions.values("result").annotate(n=Count("pk")), "result", {k: str(v) for k, v in QuestionResult.choices}
    )
    outcomes = (
        Answer.objects.filter(
            appeal__organisation=organisation,
            appeal__registered_on__gte=start,
            appeal__registered_on__lte=end,
            status=AnswerStatus.SENT,
            kind=AnswerKind.FINAL,
        )
        .order_by()
        .values("outcome")
        .annotate(n=Count("pk"))
    )
    analysis.breakdowns["outcome"] = _counted(outcomes, "outcome", {k: str(v) for k, v in AnswerOutcome.choices})
    return analysis
