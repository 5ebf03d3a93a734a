"""CSV import of EPGU/POS ratings: all rows checked first, a bad file rejected whole with line numbers, reruns idempotent."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from otklik.core.errors import ApplicationError
from otklik.feedback.models import ImportedRating, RatingImport
from otklik.feedback.services import ratings_import
from otklik.orgs.tests.factories import UnitFactory

from .factories import manager

pytestmark = pytest.mark.django_db
MOSCOW = dt.timezone(dt.timedelta(hours=3))

GOOD = (
    "external_id;date;score;service;process;unit;comment\n"
    "EPGU-1;2026-04-02;5;Лицензирование лома;;licensing;Быстро\n"
    "EPGU-2;03.04.2026;2;Лицензирование лома;;;Долго ждали\n"
    "\n"
    "EPGU-3;2026-05-20;4;Консультирование;;;\n"
)
BAD = (
    "external_id;date;score;service;process;unit;comment\n"
    "EPGU-10;2026-04-02;5;Услуга;;;\n"
    "EPGU-11;2026-04-02;6;Услуга;;;\n"
    "EPGU-12;31.02.2026;4;Услуга;;nowhere;\n"
    "EPGU-10;2026-04-03;4;Услуга;;;\n"
    "EPGU-13;2026-04-03;4\n"
)


@pytest.fixture(autouse=True)
def spring_2026():
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, 0, tzinfo=MOSCOW), tick=False):
        yield


def test_a_good_file_is_loaded_and_a_rerun_adds_nothing(organisation):
    boss = manager(organisation)
    UnitFactory(organisation=organisation, code="licensing")
    first = ratings_import(
        actor=boss, organisation=organisation, source="epgu", file_name="q2.csv", content=GOOD.encode()
    )
    assert (first.created, first.already_loaded) == (3, 0)
    assert ImportedRating.objects.get(external_id="EPGU-2").rated_on == dt.date(2026, 4, 3)
    assert ImportedRating.objects.get(external_id="EPGU-1").unit.code == "licensing"
    again = ratings_import(
        actor=boss, organisation=organisation, source="epgu", file_name="q2.csv", content=GOOD.encode("cp1251")
    )
    assert (again.created, again.already_loaded, again.batch) == (0, 3, None)
    assert ImportedRating.objects.count() == 3 and RatingImport.objects.count() == 1


def test_a_bad_file_is_rejected_whole_with_line_numbers(organisation):
    boss = manager(organisation)
    with pytest.raises(ApplicationError) as refused:
        ratings_import(actor=boss, organisation=organisation, source="pos", file_name="bad.csv", content=BAD.encode())
    assert refused.value.extra["errors"] == [
        "строка 3: оценка «6» — нужна цифра от 1 до 5",
        "строка 4: дата «31.02.2026» не в формате ГГГГ-ММ-ДД или ДД.ММ.ГГГГ; нет подразделения с кодом «nowhere»",
        "строка 5: идентификатор EPGU-10 уже был в строке 2",
        "строка 6: столбцов 3, а нужно 7",
    ]
    assert not ImportedRating.objects.exists() and not RatingImport.objects.exists()


def test_a_wrong_header_is_reported_as_line_one(organisation):
    with pytest.raises(ApplicationError, match="строка 1: ожидаются столбцы"):
        ratings_import(
            actor=manager(organisation),
            organisation=organisation,
            source="epgu",
            file_name="x.csv",
            content=b"id,score\n1,5\n",
        )


def test_the_import_page_lists_the_errors_and_loads_nothing(organisation, client):
    client.force_login(manager(organisation))
    page = client.get("/staff/feedback/import/").content.decode()
    assert "external_id;date;score;service;process;unit;comment" in page
    response = client.post(
        "/staff/feedback/import/",
        {"source": "pos", "file": SimpleUploadedFile("bad.csv", BAD.encode(), content_type="text/csv")},
    )
    html = response.content.decode()
    assert "Файл не загружен: ошибок — 4" in html and "строка 3: оценка «6»" in html and "строка 6:" in html
    assert not ImportedRating.objects.exists()
    response = client.post(
        "/staff/feedback/import/",
        {"source": "pos", "file": SimpleUploadedFile("good.csv", GOOD.replace("licensing", "").encode())},
        follow=True,
    )
    assert "Загружено оценок: 3; уже были загружены раньше: 0." in response.content.decode()
