"""Pages without a browser: input kept on error, one questionnaire per form, used links, staff mailing, builder."""

import re

import pytest
from django.core import mail

from otklik.feedback.models import AnonymousBufferEntry, Invitation, Response, Survey
from otklik.feedback.presets import staff_survey_definition
from otklik.feedback.services import survey_install
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

from .factories import answer, client_survey, follow_personal_link, hidden_fields, manager, write_anonymous_batch

pytestmark = pytest.mark.django_db


def test_the_public_form_keeps_input_on_error_and_accepts_a_double_submit_once(organisation, client):
    client_survey(organisation)
    url = f"/o/{organisation.slug}/feedback/s/knm/"
    page = client.get(url).content.decode()
    assert "Опрос анонимный." in page and page.index("Опрос анонимный.") < page.index("Оцените мероприятие в целом")
    key = re.search(r'name="submission_key" value="([0-9a-f]+)"', page).group(1)
    form = {"submission_key": key, "overall": "2", "comment": "Всё долго", "topics": ["Памятка"]}
    refused = client.post(url, form).content.decode()
    assert 'role="alert"' in refused and "Что не понравилось?: Ответьте, пожалуйста, на этот вопрос." in refused
    assert (
        ">Всё долго</textarea>" in refused and 'value="Памятка" checked' in refused and 'value="2" checked' in refused
    )
    assert not Response.objects.exists() and not AnonymousBufferEntry.objects.exists()
    form["why"] = "Долго ждали"
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    # an anonymous answer waits sealed for the sweep's shuffled batch, once
    assert AnonymousBufferEntry.objects.count() == 1 and not Response.objects.exists()
    assert len(write_anonymous_batch(organisation)) == 1
    assert "Спасибо за ответы" in client.get(f"/o/{organisation.slug}/feedback/done/knm/").content.decode()


def test_answering_while_signed_in_leaves_no_note_in_the_session(organisation, client):
    from django.contrib.sessions.models import Session

    survey = client_survey(organisation)
    client.force_login(manager(organisation))
    before = {s.session_key: (s.session_data, s.expire_date) for s in Session.objects.all()}
    page = client.get(f"/o/{organisation.slug}/feedback/s/knm/").content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f]+)"', page).group(1)
    assert (
        client.post(f"/o/{organisation.slug}/feedback/s/knm/", {"submission_key": key, "overall": "5"}).status_code
        == 302
    )
    assert len(write_anonymous_batch(organisation)) == 1
    assert Response.objects.filter(version__survey=survey).count() == 1
    assert {s.session_key: (s.session_data, s.expire_date) for s in Session.objects.all()} == before


def test_a_private_survey_is_not_on_the_portal_and_a_used_link_says_so(organisation, client):
    survey = client_survey(organisation, is_public=False, is_anonymous=False)
    assert client.get(f"/o/{organisation.slug}/feedback/s/knm/").status_code == 404
    client.force_login(manager(organisation))
    page = client.post(
        f"/staff/feedback/{survey.pk}/", {"event_kind": "appeal_answer", "event_id": "12-ОГ"}
    ).content.decode()
    link = re.search(r'data-testid="invitation-url">(http://testserver[^<]+)<', page).group(1)
    client.logout()
    path, opened = follow_personal_link(client, link)
    page = opened.content.decode()
    assert "Опрос не анонимный." in page and 'name="email"' in page
    client.post(path, {**hidden_fields(page), "overall": "5", "email": "me@example.org"})
    assert Response.objects.get().contact_email == "me@example.org"
    assert Response.objects.get().invitation.event_kind == "appeal_answer"
    assert follow_personal_link(client, link)[1].status_code == 410


def test_staff_get_one_link_each_for_the_staff_survey(organisation, client, django_capture_on_commit_callbacks):
    boss = manager(organisation)
    member(organisation, RoleCode.EXECUTOR)
    survey_install(actor=None, organisation=organisation, definition=staff_survey_definition())
    survey = Survey.objects.get(code="staff-survey")
    assert client.get(f"/o/{organisation.slug}/feedback/s/staff-survey/").status_code == 404
    client.force_login(boss)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/feedback/{survey.pk}/send-to-staff/")
    assert len(mail.outbox) == 2 and Invitation.objects.filter(survey=survey).count() == 2
    assert "(анонимный)" in mail.outbox[0].body
    assert not any(m.to[0] in str(Invitation.objects.values_list()) for m in mail.outbox)


def test_editing_an_answered_survey_in_the_builder_makes_version_two(organisation, client):
    survey = client_survey(organisation)
    answer(survey, score=5)
    client.force_login(manager(organisation))
    form = client.get(f"/staff/feedback/{survey.pk}/edit/").context["formset"]
    assert form.total_form_count() == 9  # six questions and three empty ones
    data = {
        "title": survey.title,
        "audience": "clients",
        "is_anonymous": "on",
        "is_public": "on",
        "is_active": "on",
        "channel": "site",
        "intro": "",
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "60",
        "q-0-text": "Оцените мероприятие в целом",
        "q-0-kind": "rating",
        "q-0-code": "overall",
        "q-0-required": "on",
        "q-1-text": "Сколько времени заняло?",
        "q-1-kind": "single",
        "q-1-options": "До часа\nБольше часа",
    }
    response = client.post(f"/staff/feedback/{survey.pk}/edit/", data, follow=True)
    assert "создана версия 2; прежние ответы сохранены" in response.content.decode()
    assert survey.versions.count() == 2
    old = client.get(f"/staff/feedback/{survey.pk}/?version=1").content.decode()
    assert "Результаты (версия 1)" in old and "Анкет: 1" in old
    data["q-1-kind"] = "matrix"
    refused = client.post(f"/staff/feedback/{survey.pk}/edit/", data).content.decode()
    assert "Вопрос 2: у матрицы нет строк." in refused and "Сколько времени заняло?" in refused


def test_staff_pages_answer_members_only(organisation, client):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    assert client.get("/staff/feedback/").status_code == 200
    assert client.get("/staff/feedback/new/").status_code == 403
    assert client.get("/staff/feedback/settings/").status_code == 403
    assert client.get("/staff/feedback/follow-up/").status_code == 200
