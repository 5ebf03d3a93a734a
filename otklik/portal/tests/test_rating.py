"""Rating the answer: only after an answer on the merits is sent, once, 1–5, by the signed link or the status page."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from otklik.appeals.models import AnswerRating
from otklik.appeals.rating_links import rating_token
from otklik.appeals.services import answer_rate
from otklik.core.errors import ApplicationError
from otklik.core.models import AuditEntry

from .answered import answer_on_the_merits, registered


@pytest.mark.django_db
def test_the_service_refuses_before_the_answer_and_twice(organisation):
    appeal = registered(organisation).appeal
    with pytest.raises(ApplicationError, match="только направленный ответ"):
        answer_rate(appeal=appeal, score=5)
    answer_on_the_merits(appeal)
    for bad in (0, 6, True):
        with pytest.raises(ApplicationError, match="от 1 до 5"):
            answer_rate(appeal=appeal, score=bad)
    rating = answer_rate(appeal=appeal, score=4, comment="  Понятно, но долго.  ")
    assert (rating.score, rating.comment) == (4, "Понятно, но долго.")
    with pytest.raises(ApplicationError, match="уже оценён"):
        answer_rate(appeal=appeal, score=1)
    assert AnswerRating.objects.count() == 1
    assert AuditEntry.objects.filter(action="appeal.answer_rated", object_id=str(rating.pk)).exists()
    assert appeal.events.filter(kind="answer_rated").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_answer_email_carries_a_signed_link_that_rates(client, organisation):
    appeal = registered(organisation).appeal
    answer_on_the_merits(appeal)
    answer_mail = next(m for m in mail.outbox if "ответ на обращение" in m.subject)
    link = re.search(r"http://\S+/o/testorg/rate/(\S+)/", answer_mail.body)
    assert link, answer_mail.body
    path = urlsplit(link.group(0)).path
    page = client.get(path)
    assert page.status_code == 200 and "Оцените ответ на обращение" in page.content.decode()
    key = page.context["form"].initial["submission_key"]  # the hidden key every submitting form carries
    refused = client.post(path, {"comment": "Без оценки", "submission_key": key}).content.decode()
    assert "Выберите оценку от 1 до 5." in refused and "Без оценки" in refused  # the input is kept
    thanks = client.post(path, {"score": "5", "comment": "Спасибо", "submission_key": key}).content.decode()
    assert "Ваша оценка ответа: 5 из 5" in thanks
    again = client.post(path, {"score": "1", "submission_key": key}).content.decode()
    assert "Ваша оценка ответа: 5 из 5" in again
    assert AnswerRating.objects.get(appeal=appeal).score == 5
    forged = path.replace(link.group(1), link.group(1)[:-2] + "xx")
    assert client.get(forged).status_code == 404
    assert client.get(f"/o/nowhere/rate/{link.group(1)}/").status_code == 404


@pytest.mark.django_db
def test_no_rating_before_the_answer_and_the_status_page_offers_the_form(client, organisation):
    registration = registered(organisation)
    appeal = registration.appeal
    assert client.get(f"/o/testorg/rate/{rating_token(appeal)}/").status_code == 404
    status = {"number": appeal.number, "access_code": registration.access_code}
    assert "Оценить ответ" not in client.post("/o/testorg/status/", status).content.decode()
    answer_on_the_merits(appeal)
    html = client.post("/o/testorg/status/", status).content.decode()
    assert "Оценить ответ" in html and 'action="/o/testorg/rate/' in html


@pytest.mark.django_db
def test_ratings_are_a_source_for_the_satisfaction_figures(organisation):
    from django.db.models import Avg

    from otklik.appeals.selectors import answer_ratings

    for score in (5, 3):
        appeal = registered(organisation).appeal
        answer_on_the_merits(appeal)
        answer_rate(appeal=appeal, score=score)
    assert answer_ratings(organisation=organisation).aggregate(avg=Avg("score"))["avg"] == 4
