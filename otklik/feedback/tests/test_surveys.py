"""Survey versions, question checks and conditional display."""

import pytest

from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.feedback.models import Answer, SurveyVersion
from otklik.feedback.questionnaire import QuestionSpec, check_answers, check_specs
from otklik.feedback.services import specs_of, survey_revise
from otklik.orgs.tests.factories import member

from .factories import QUESTIONS, answer, client_survey, manager

pytestmark = pytest.mark.django_db


def test_editing_an_unanswered_survey_keeps_its_version(organisation):
    survey = client_survey(organisation, actor=manager(organisation))
    version = survey_revise(actor=None, survey=survey, intro="Новое вступление", questions=QUESTIONS[:2])
    assert version.number == 1 and SurveyVersion.objects.filter(survey=survey).count() == 1
    assert [s.code for s in specs_of(version)] == ["overall", "format"]


def test_editing_an_answered_survey_creates_a_new_version_and_old_answers_stay_readable(organisation):
    survey = client_survey(organisation)
    old = answer(survey, score=5, raw={"format": "Выезд"})
    new_questions = [*QUESTIONS[:1], QuestionSpec(code="speed", text="Оцените скорость", kind="rating")]
    version = survey_revise(actor=None, survey=survey, intro="", questions=new_questions)
    assert version.number == 2 and survey.current_version == version
    old.refresh_from_db()
    assert old.version.number == 1
    assert {a.question.code for a in Answer.objects.filter(response=old)} == {"overall", "format"}
    assert [s.code for s in specs_of(old.version)] == [s.code for s in QUESTIONS]
    fresh = answer(survey, score=4, raw={"speed": "5"})
    assert fresh.version == version


def test_only_managers_build_surveys(organisation):
    with pytest.raises(PermissionDeniedError):
        client_survey(organisation, actor=member(organisation, "executor"))


def test_bad_question_lists_are_refused_with_reasons(organisation):
    problems = check_specs(
        [
            QuestionSpec(code="a", text="Почему?", kind="text", show_if_code="b", show_if_values=("1",)),
            QuestionSpec(code="b", text="Выбор", kind="single", options=("Один",)),
        ]
    )
    assert any("предыдущих вопросов" in p for p in problems)
    assert any("двух вариантов" in p for p in problems)
    with pytest.raises(ApplicationError, match="хотя бы один вопрос"):
        client_survey(organisation, questions=[])


def test_a_hidden_question_is_neither_required_nor_kept():
    happy = check_answers(QUESTIONS, {"overall": "5", "why": "лишний текст"})
    assert happy.errors == {} and "why" not in happy.clean
    unhappy = check_answers(QUESTIONS, {"overall": "2"})
    assert unhappy.errors == {"why": "Ответьте, пожалуйста, на этот вопрос."}


def test_answers_of_every_kind_are_checked():
    checked = check_answers(
        QUESTIONS,
        {"overall": "4", "format": "Телепатия", "topics": ["Памятка", "Разъяснения"], "grid": {"0": "Да", "1": "Нет"}},
    )
    assert checked.errors == {"format": "Выберите один из предложенных вариантов."}
    assert checked.clean["topics"] == {"choices": ["Разъяснения", "Памятка"]}
    assert checked.clean["grid"] == {"choices": {"Вежливость": "Да", "Сроки": "Нет"}}
    assert check_answers(QUESTIONS, {"overall": "7"}).errors == {"overall": "Выберите оценку от 1 до 5."}
