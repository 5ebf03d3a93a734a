"""The quarterly analysis of appeals (004 App. 1 §5.11; R-AP-12): internal, for staff with an oversight role.

A handful of aggregate queries (GROUP BY) over the quarter's appeals, so it stays fast on a million rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from otklik.appeals.workflow import OPEN_STATES
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation
from otklik.orgs.permissions import AnyUser, has_role
from otklik.text.models import RepeatFinding

ANALYSIS_ROLES = (RoleCode.HEAD, RoleCode.CC_DEPUTY_HEAD, RoleCode.CONTROLLER, RoleCode.REGISTRAR, RoleCode.UNIT_HEAD)
TIMELINESS = {
    "on_time": gettext_lazy("В срок"),
    "extended": gettext_lazy("С продлением срока, в срок"),
    "late": gettext_lazy("С нарушением срока"),
    "in_progress": gettext_lazy("На рассмотрении, срок не истёк"),
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
        "section": gettext_lazy("Разделы тематического классификатора (по вопросам)"),
        "theme": gettext_lazy("Тематики классификатора (по вопросам), первые 20"),
        "channel": gettext_lazy("Каналы поступления"),
        "unit": gettext_lazy("Подразделения"),
        "kind": gettext_lazy("Вид"),
        "status": gettext_lazy("Состояние"),
        "outcome": gettext_lazy("Итог ответа по существу"),
        "result": gettext_lazy("Результат рассмотрения вопросов"),
        "timeliness": gettext_lazy("Соблюдение сроков"),
    }

    def titled(self) -> list[tuple[str, str, list[tuple[str, int]]]]:
        return [(key, str(self.TITLES[key]), self.breakdowns.get(key, [])) for key in self.TITLES]


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
        When(Q(status__in=OPEN_STATES) & Q(governing_due_date__lt=today), then=Value("late")),
        When(status__in=OPEN_STATES, then=Value("in_progress")),
        When(closed_at__date__gt=F("governing_due_date"), then=Value("late")),
        When(extended_due_date__isnull=False, then=Value("extended")),
        default=Value("on_time"),
        output_field=CharField(),
    )
    # One pass over the quarter for the appeal-level breakdowns and the repeat count.
    # Repeated = the same author on the same question, as the text room's repeat check found at registration
    # (R-AP-7), not merely an author who wrote before.
    earlier = RepeatFinding.objects.filter(appeal_id=OuterRef("pk"))
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
    analysis.breakdowns["timeliness"] = [(str(label), by_t.get(key, 0)) for key, label in TIMELINESS.items()]

    _question_breakdowns(analysis, organisation, start, end)
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


def _question_breakdowns(analysis: Analysis, organisation: Organisation, start: dt.date, end: dt.date) -> None:
    """Section, result and the top themes of the quarter's questions, folded from one grouped pass."""
    questions = Question.objects.filter(
        appeal__organisation=organisation, appeal__registered_on__gte=start, appeal__registered_on__lte=end
    ).order_by()
    # One pass over the quarter's questions: section, theme and result are folded from the same grouped rows.
    question_rows = list(questions.values("section_code", "classifier_id", "result").annotate(n=Count("pk")))
    sections = dict(ClassifierNode.objects.filter(level=1).values_list("section_code", "name"))
    by_section: dict[str, int] = {}
    by_result: dict[str, int] = {}
    by_classifier: dict[int, int] = {}
    for row in question_rows:
        by_section[row["section_code"]] = by_section.get(row["section_code"], 0) + row["n"]
        by_result[row["result"]] = by_result.get(row["result"], 0) + row["n"]
        if row["classifier_id"] is not None:
            by_classifier[row["classifier_id"]] = by_classifier.get(row["classifier_id"], 0) + row["n"]
    analysis.breakdowns["section"] = _counted(
        [{"section_code": k, "n": v} for k, v in by_section.items()], "section_code", sections
    )
    analysis.breakdowns["result"] = _counted(
        [{"result": k, "n": v} for k, v in by_result.items()], "result", {k: str(v) for k, v in QuestionResult.choices}
    )
    by_theme: dict[str, int] = {}
    for pk, code in ClassifierNode.objects.filter(pk__in=list(by_classifier)).values_list("pk", "code"):
        theme = f"{code[:9]}.0000.0000"
        by_theme[theme] = by_theme.get(theme, 0) + by_classifier[pk]
    top = sorted(by_theme.items(), key=lambda item: (-item[1], item[0]))[:20]
    theme_names = dict(ClassifierNode.objects.filter(code__in=[code for code, _n in top]).values_list("code", "name"))
    analysis.breakdowns["theme"] = [(f"{code[:9]} {theme_names.get(code, '')}".strip(), n) for code, n in top]
