"""Quarterly satisfaction: CSAT merged from surveys, imported ratings and any registered source; page and XLSX."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from otklik.appeals.services import answer_rate
from otklik.feedback.ratings import quarter_bounds
from otklik.feedback.selectors import quarter_figures
from otklik.feedback.services import ratings_import
from otklik.portal.tests.answered import answer_on_the_merits, registered

from .factories import answer, client_survey, manager

pytestmark = pytest.mark.django_db
MOSCOW = dt.timezone(dt.timedelta(hours=3))


@pytest.fixture
def appeal_ratings(organisation):
    """Authors' ratings of real answers to portal appeals, left on these days (a source registered by feedback)."""
    for day, score in [(dt.date(2026, 5, 5), 5), (dt.date(2026, 5, 6), 1), (dt.date(2026, 1, 10), 5)]:
        with time_machine.travel(dt.datetime.combine(day, dt.time(11), tzinfo=MOSCOW), tick=False):
            appeal = registered(organisation).appeal
            answer_on_the_merits(appeal)
            answer_rate(appeal=appeal, score=score)


def test_quarter_bounds():
    assert quarter_bounds(2026, 2) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_csat_merges_every_source(organisation, appeal_ratings, client):
    boss = manager(organisation)
    survey = client_survey(organisation, channel="onsite")
    with time_machine.travel(dt.datetime(2026, 5, 12, 12, 0, tzinfo=MOSCOW), tick=False):
        for score in (5, 4, 2):
            answer(survey, score=score)
        ratings_import(
            actor=boss,
            organisation=organisation,
            source="epgu",
            file_name="q.csv",
            content=b"external_id;date;score;service;process;unit;comment\nE1;2026-04-02;5;;;;\nE2;2026-04-03;3;;;;\n",
        )
    figures = quarter_figures(user=boss, organisation=organisation, year=2026, quarter=2)
    # surveys 5,4,2 · EPGU 5,3 · appeals 5,1 → 4 of 7 are 4–5
    assert (figures.overall.total, figures.overall.satisfied, figures.overall.percent) == (7, 4, 57.1)
    assert dict((label, c.total) for label, c in figures.by_source) == {
        "Опросы": 3,
        "ЕПГУ (Госуслуги)": 2,
        "Оценки ответов на обращения": 2,
    }
    assert dict((label, c.percent) for label, c in figures.by_channel)["Выезд на место (проверка, визит)"] == 66.7
    assert [c.total for _label, c in figures.by_quarter] == [1, 7, 0, 0]

    client.force_login(boss)
    page = client.get("/staff/feedback/quarter/?year=2026&quarter=2").content.decode()
    assert "<svg" in page and "57,1" in page and "Оценки ответов на обращения" in page
    assert "cdn" not in page.lower()
    book = load_workbook(io.BytesIO(client.get("/staff/feedback/quarter/?year=2026&quarter=2&format=xlsx").content))
    assert book.worksheets[0]["D2"].value == 57.1


def test_the_quarter_page_is_for_staff_with_a_reading_role(organisation, client):
    from otklik.orgs.tests.factories import member

    client.force_login(member(organisation, "executor"))
    assert client.get("/staff/feedback/quarter/").status_code == 403
    client.logout()
    assert client.get("/staff/feedback/quarter/").status_code == 302
