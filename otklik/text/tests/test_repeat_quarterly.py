"""The quarterly analysis counts «same author, same question» (the repeat finding), not «the author wrote before»."""

import datetime as dt

import pytest

from otklik.reports.selectors import quarterly_analysis
from otklik.text.tests.test_repeat_detection import (
    FIRST,
    GARBAGE,
    IVANOV,
    ROAD,
    ROADS,
    SECOND,
    THIRD,
    register,
    staff,  # noqa: F401 (a fixture)
)


@pytest.mark.django_db
def test_the_quarter_counts_repeats_on_the_same_question_only(organisation, staff):  # noqa: F811
    registrar = staff["registrar"]
    register(organisation, registrar, dt.date(2025, 12, 22), FIRST, GARBAGE)  # the quarter before
    register(organisation, registrar, dt.date(2026, 1, 12), SECOND, GARBAGE)  # repeated: counted
    register(organisation, registrar, dt.date(2026, 2, 2), ROAD, ROADS)  # the author wrote before, another question
    register(organisation, registrar, dt.date(2026, 2, 9), THIRD, GARBAGE, author=IVANOV)  # another author
    register(organisation, registrar, dt.date(2026, 3, 2), THIRD, GARBAGE)  # repeated again: counted
    analysis = quarterly_analysis(
        user=staff["controller"], organisation=organisation, year=2026, quarter=1, today=dt.date(2026, 4, 15)
    )
    assert analysis.total == 4
    assert analysis.repeated == 2


@pytest.mark.django_db
def test_the_quarterly_page_names_what_it_counts(client, organisation, staff):  # noqa: F811
    registrar = staff["registrar"]
    register(organisation, registrar, dt.date(2026, 1, 12), FIRST, GARBAGE)
    register(organisation, registrar, dt.date(2026, 2, 2), ROAD, ROADS)
    client.force_login(staff["controller"])
    html = client.get("/staff/analysis/quarterly/?year=2026&quarter=1").content.decode()
    assert "повторных (тот же автор, тот же вопрос)" in html
    assert '<span data-testid="repeated">0</span>' in html
