"""Threat: a formula typed into a survey (a question, an answer option) runs when the results' XLSX is opened."""

import io

import pytest
from openpyxl import load_workbook

from otklik.feedback.questionnaire import QuestionSpec

from .factories import answer, client_survey, manager

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil","x")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def test_formulas_in_questions_and_options_stay_text_in_the_results_xlsx(organisation, client):
    boss = manager(organisation)
    survey = client_survey(
        organisation,
        is_anonymous=False,
        questions=[
            QuestionSpec(code="overall", text=HYPERLINK, kind="rating", required=True),
            QuestionSpec(code="format", text="+1+1", kind="single", options=("@SUM(A1)", "-2+3")),
        ],
    )
    for option in ("@SUM(A1)", "-2+3", "-2+3"):
        answer(survey, score=4, raw={"format": option})
    client.force_login(boss)
    book = load_workbook(io.BytesIO(client.get(f"/staff/feedback/{survey.pk}/results.xlsx").content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if cell.data_type == "s"]
    assert not [text for text in texts if text.startswith(TRIGGERS)]
    assert {"'" + HYPERLINK, "'+1+1", "'@SUM(A1)", "'-2+3"} <= set(texts)
    answers = book["Ответы"]
    counts = {row[1].value: row[2] for row in answers.iter_rows(min_row=2) if row[0].value == "'+1+1"}
    assert (counts["'-2+3"].value, counts["'-2+3"].data_type) == (2, "n")  # counts stay numbers
