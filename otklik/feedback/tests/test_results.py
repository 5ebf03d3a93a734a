"""Results of anonymous surveys: nothing under five respondents, no group under five, not even by subtraction."""

import io

import pytest
from openpyxl import load_workbook

from otklik.feedback.models import Survey
from otklik.feedback.presets import staff_survey_definition
from otklik.feedback.selectors import shown_groups, survey_results
from otklik.feedback.services import survey_install
from otklik.orgs.tests.factories import UnitFactory

from .factories import answer, manager

pytestmark = pytest.mark.django_db

STAFF_ANSWERS = {
    code: "4"
    for code in ("equipment", "regulation", "automation", "interaction", "development", "career", "team", "work")
}


def test_small_groups_and_groups_found_by_subtraction_are_hidden():
    assert shown_groups({"a": 5, "b": 5}, 10) == {"a", "b"}
    assert shown_groups({"a": 5, "b": 4}, 9) == set()  # showing «a» would reveal «b» as total minus «a»
    assert shown_groups({"a": 6, "b": 5, "c": 2}, 13) == {"a"}  # b is dropped so that 7 remain unexplained
    assert shown_groups({"a": 5, "b": 1, "c": 4}, 10) == {"a"}
    assert shown_groups({"a": 3}, 3) == set()


def _staff_survey(organisation):
    survey_install(actor=None, organisation=organisation, definition={**staff_survey_definition(), "public": True})
    return Survey.objects.get(organisation=organisation, code="staff-survey")


def test_staff_survey_results_are_shown_only_for_groups_of_five(organisation, client):
    boss = manager(organisation)
    legal, it = (
        UnitFactory(organisation=organisation, name="Правовой отдел"),
        UnitFactory(organisation=organisation, name="Отдел информатизации"),
    )
    survey = _staff_survey(organisation)
    for _n in range(4):
        answer(survey, raw=STAFF_ANSWERS, unit=legal)
    results = survey_results(user=boss, survey=survey)
    assert (results.respondents, results.shown, results.questions, results.groups) == (4, False, [], [])

    for _n in range(2):
        answer(survey, raw={**STAFF_ANSWERS, "team": "1"}, unit=legal)
    for _n in range(3):
        answer(survey, raw={**STAFF_ANSWERS, "team": "2", "comment": "Сложно в отделе"}, unit=it)
    results = survey_results(user=boss, survey=survey)
    assert results.shown and results.respondents == 9
    # legal (6) would leave IT (3) computable by subtraction, so no group is shown at all
    assert results.groups == [] and results.hidden_groups == 2

    client.force_login(boss)
    page = client.get(f"/staff/feedback/{survey.pk}/").content.decode()
    assert "Не показано групп: 2" in page and "Правовой отдел</th>" not in page
    export = client.get(f"/staff/feedback/{survey.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    cells = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert "Правовой отдел" not in cells and "Отдел информатизации" not in cells

    for _n in range(2):
        answer(survey, raw=STAFF_ANSWERS, unit=it)
    results = survey_results(user=boss, survey=survey)
    assert {(g.label, g.respondents) for g in results.groups} == {("Правовой отдел", 6), ("Отдел информатизации", 5)}
    team = dict(next(g for g in results.groups if g.label == "Правовой отдел").averages)
    assert team["Взаимоотношения между коллегами в коллективе"] == 3.0
    export = client.get(f"/staff/feedback/{survey.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    cells = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert "Правовой отдел" in cells


def test_a_small_anonymous_survey_shows_nothing_in_the_export(organisation, client):
    boss = manager(organisation)
    survey = _staff_survey(organisation)
    answer(survey, raw={**STAFF_ANSWERS, "comment": "Меня зовут Тимофей из 5 кабинета"})
    client.force_login(boss)
    page = client.get(f"/staff/feedback/{survey.pk}/").content.decode()
    assert "итоги показываются, когда ответили не меньше 5 человек" in page and "Тимофей" not in page
    book = load_workbook(io.BytesIO(client.get(f"/staff/feedback/{survey.pk}/results.xlsx").content))
    cells = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert not any("Тимофей" in c for c in cells) and len(book.worksheets) == 1
