"""The quarterly analysis: the right counts by theme, channel, unit, outcome, result and timeliness; charts inline
(no CDN); XLSX re-read; staff with an oversight role only."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from openpyxl import load_workbook

from otklik.appeals.choices import AnswerOutcome, IntakeChannel
from otklik.appeals.models import Appeal, ClassifierNode
from otklik.appeals.services import (
    answer_approve,
    answer_draft,
    answer_send,
    answer_sign,
    appeal_close,
    appeal_extend,
    appeal_register,
    appeal_take_on_control,
    question_result_set,
)
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import PermissionDeniedError
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UnitFactory, UserFactory, member
from otklik.reports.selectors import quarter_bounds, quarterly_analysis

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def at(day: dt.date, hour: int = 11):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=MSK), tick=False)


@pytest.fixture
def data(organisation):
    for code, name, level, section in (
        ("0003.0000.0000.0000", "Экономика", 1, "0003"),
        ("0003.0009.0000.0000", "Хозяйственная деятельность", 2, "0003"),
        ("0003.0009.0099.0000", "Лицензирование", 3, "0003"),
        ("0001.0000.0000.0000", "Государство, общество, политика", 1, "0001"),
        ("0001.0002.0000.0000", "Гражданское право", 2, "0001"),
        ("0001.0002.0024.0000", "Обращения граждан", 3, "0001"),
    ):
        ClassifierNode.objects.create(code=code, name=name, level=level, section_code=section, edition="t")
    unit = UnitFactory(organisation=organisation, name="Отдел лицензирования")
    controller = member(organisation, RoleCode.CONTROLLER, user=UserFactory(username="ctrl"))
    executor = member(organisation, RoleCode.EXECUTOR, user=UserFactory(username="ex", phone="+7 000"), unit=unit)
    head, unit_head = member(organisation, RoleCode.HEAD), member(organisation, RoleCode.UNIT_HEAD, unit=unit)
    registrar = member(organisation, RoleCode.REGISTRAR)

    def register(day, channel, code, email):
        with at(day):
            return appeal_register(
                actor=None if channel == IntakeChannel.PORTAL else registrar, organisation=organisation,
                intake=appeal_intake(
                    kind="appeal", channel=channel, text="Текст обращения",
                    author={"last_name": "Петрова", "first_name": "Анна", "email": email},
                    questions=[{"classifier_code": code}],
                ),
            ).appeal  # fmt: skip

    first = register(dt.date(2026, 4, 6), IntakeChannel.PORTAL, "0003.0009.0099.0000", "a@example.org")
    repeat = register(dt.date(2026, 5, 12), IntakeChannel.POST, "0003.0009.0099.0000", "a@example.org")
    other = register(dt.date(2026, 6, 1), IntakeChannel.EMAIL, "0001.0002.0024.0000", "b@example.org")
    register(dt.date(2026, 7, 1), IntakeChannel.PORTAL, "0001.0002.0024.0000", "c@example.org")  # next quarter
    # The first is answered and closed in time; the repeat is extended and stays open past its date (late).
    with at(dt.date(2026, 4, 20)):
        appeal_take_on_control(actor=controller, appeal=first, executor=executor)
        answer = answer_draft(actor=executor, appeal=first, text="Разъясняем…", outcome=AnswerOutcome.SOLVED)
        answer_send(
            actor=executor, answer=answer_sign(actor=head, answer=answer_approve(actor=unit_head, answer=answer))
        )
        question_result_set(actor=executor, question=first.questions.get(), result="explained")
        appeal_close(actor=controller, appeal=first)
    with at(dt.date(2026, 5, 20)):
        appeal_take_on_control(actor=controller, appeal=repeat, executor=executor)
        appeal_extend(actor=controller, appeal=repeat, days=10, reason="Запрошены сведения в другом органе")
    return {"controller": controller, "executor": executor, "unit": unit, "appeals": (first, repeat, other)}


def test_quarter_bounds():
    assert quarter_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


@pytest.mark.django_db
def test_the_analysis_counts_the_quarters_appeals(organisation, data):
    analysis = quarterly_analysis(
        user=data["controller"], organisation=organisation, year=2026, quarter=2, today=dt.date(2026, 7, 15)
    )
    assert analysis.total == 3 and analysis.repeated == 1
    b = analysis.breakdowns
    assert b["section"] == [("Экономика", 2), ("Государство, общество, политика", 1)]
    assert b["theme"] == [("0003.0009 Хозяйственная деятельность", 2), ("0001.0002 Гражданское право", 1)]
    assert sorted(b["channel"]) == [("Интернет-приёмная", 1), ("Почта", 1), ("Электронная почта", 1)]
    assert ("Отдел лицензирования", 2) in b["unit"] and ("не указано", 1) in b["unit"]
    assert b["outcome"] == [("Вопрос решён", 1)]
    assert ("Разъяснено", 1) in b["result"]
    assert dict(b["timeliness"]) == {
        "В срок": 1,
        "С продлением срока, в срок": 0,
        "С нарушением срока": 2,  # the extended one, still open after its date, and the unassigned one
        "На рассмотрении, срок не истёк": 0,
    }


@pytest.mark.django_db
def test_page_with_inline_charts_and_xlsx_for_staff_only(organisation, data, client):
    executor = data["executor"]
    with pytest.raises(PermissionDeniedError):
        quarterly_analysis(user=executor, organisation=organisation, year=2026, quarter=2, today=dt.date(2026, 7, 1))
    client.force_login(executor)
    assert client.get("/staff/analysis/quarterly/?year=2026&quarter=2").status_code == 403
    assert client.get("/staff/analysis/quarterly.xlsx?year=2026&quarter=2").status_code == 403
    client.force_login(data["controller"])
    with at(dt.date(2026, 7, 15)):
        page = client.get("/staff/analysis/quarterly/?year=2026&quarter=2")
        assert page.status_code == 200
        html = page.content.decode()
        assert "<svg" in html and "Хозяйственная деятельность" in html and 'data-testid="total">3<' in html
        assert "http://" not in html.split("<body", 1)[1].replace("http://www.w3.org/2000/svg", "")
        export = client.get("/staff/analysis/quarterly.xlsx?year=2026&quarter=2")
    workbook = load_workbook(io.BytesIO(export.content))
    summary = [[cell.value for cell in row] for row in workbook["Итого"].iter_rows()]
    assert ["Обращений и запросов", 3] in summary and ["Повторных (тот же автор, тот же вопрос)", 1] in summary
    channels = [[c.value for c in row] for row in workbook["Каналы поступления"].iter_rows()]
    assert ["Почта", 1] in channels
    assert Appeal.objects.count() == 4
