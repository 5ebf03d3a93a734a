"""«Вы сказали — мы сделали»: published on the portal, identified respondents with an address are told once."""

import pytest
from django.core import mail

from otklik.core.errors import ApplicationError
from otklik.feedback.services import follow_up_close, publication_create, publication_publish

from .factories import answer, client_survey, manager

pytestmark = pytest.mark.django_db


def test_publishing_tells_identified_respondents_and_lists_it_on_the_portal(
    organisation, client, django_capture_on_commit_callbacks
):
    boss = manager(organisation)
    named = client_survey(organisation, code="named", is_anonymous=False)
    anonymous = client_survey(organisation, code="anon")
    negative = answer(named, score=2, contact_email="angry@example.org", respondent_name="Ольга")
    answer(named, score=5, contact_email="happy@example.org")
    answer(named, score=5)  # no address: nobody to tell
    answer(anonymous, score=5)
    task = follow_up_close(actor=boss, task=negative.follow_up, measures="Сократили срок выдачи справок до 3 дней")
    publication = publication_create(
        actor=boss,
        organisation=organisation,
        title="Справки быстрее",
        said="Справки выдаются слишком долго",
        did="Срок выдачи справок сокращён до 3 рабочих дней",
        surveys=[anonymous],
        follow_ups=[task],
    )
    assert client.get(f"/o/{organisation.slug}/feedback/we-did/").content.decode().count("Справки быстрее") == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = publication_publish(actor=boss, publication=publication)
    assert done.notified_count == 1 and [m.to for m in mail.outbox] == [["angry@example.org"]]
    assert "Срок выдачи справок сокращён" in mail.outbox[0].body
    assert "Справки быстрее" in client.get(f"/o/{organisation.slug}/feedback/we-did/").content.decode()
    with pytest.raises(ApplicationError, match="уже размещена"):
        publication_publish(actor=boss, publication=publication)


def test_the_we_did_letter_links_to_the_public_host(organisation, settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_BASE_URL = "https://otklik.example.gov.ru"
    boss = manager(organisation)
    named = client_survey(organisation, code="named", is_anonymous=False)
    answer(named, score=5, contact_email="happy@example.org")
    publication = publication_create(
        actor=boss,
        organisation=organisation,
        title="Окно выдачи",
        said="Долго ждать",
        did="Открыли второе окно",
        surveys=[named],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publication_publish(actor=boss, publication=publication)
    [letter] = mail.outbox
    [link] = [word for word in letter.body.split() if "/we-did/" in word]
    assert link.startswith("https://otklik.example.gov.ru/")
    assert link == f"https://otklik.example.gov.ru/o/{organisation.slug}/feedback/we-did/"
