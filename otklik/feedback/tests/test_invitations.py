"""Personal links by mail: the letter carries an absolute link on the public host, and the link opens the survey."""

import pytest
from django.core import mail

from otklik.feedback.services import invitation_issue

from .factories import client_survey, follow_personal_link, manager

pytestmark = pytest.mark.django_db
PUBLIC_HOST = "https://otklik.example.gov.ru"


def links_in(body: str) -> list[str]:
    return [word for line in body.splitlines() for word in line.split() if "/feedback/" in word]


def test_an_invitation_letter_links_to_the_public_host_and_the_link_opens_the_survey(
    organisation, client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = PUBLIC_HOST
    survey = client_survey(organisation, is_anonymous=False, is_public=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issued = invitation_issue(
            actor=manager(organisation), survey=survey, event_kind="control_event", email="client@example.org"
        )
    assert [m.to for m in mail.outbox] == [["client@example.org"]]
    [link] = links_in(mail.outbox[0].body)
    assert link.startswith(f"{PUBLIC_HOST}/o/{organisation.slug}/feedback/")
    assert link == f"{PUBLIC_HOST}{issued.path}" and link.endswith(f"/feedback/code/#{issued.token}")
    assert f"введите на открывшейся странице код: {issued.token}" in mail.outbox[0].body
    _, page = follow_personal_link(client, link)
    assert page.status_code == 200 and survey.title in page.content.decode()
