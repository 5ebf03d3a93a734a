"""Answering: personal one-time links, double submit, negative answers and their follow-up on working days."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.feedback.choices import FollowUpStatus
from otklik.feedback.models import DEFAULT_COMPLAINT_STEMS, FollowUpTask, Response
from otklik.feedback.questionnaire import complaint_stems_in
from otklik.feedback.services import (
    feedback_settings_update,
    follow_up_close,
    invitation_issue,
    response_submit,
)
from otklik.feedback.sweeps import anonymous_follow_up
from otklik.orgs.tests.factories import member

from .factories import answer, client_survey, manager, write_anonymous_batch

pytestmark = pytest.mark.django_db
MOSCOW = dt.timezone(dt.timedelta(hours=3))


def test_a_personal_link_works_once(organisation):
    survey = client_survey(organisation, is_anonymous=False, is_public=False)
    issued = invitation_issue(
        actor=manager(organisation), survey=survey, event_kind="control_event", event_id="КНМ-77", email=""
    )
    assert len(issued.token) >= 30 and issued.token not in issued.invitation.token_hash
    response = answer(survey, token=issued.token, contact_email="client@example.org")
    assert response.invitation == issued.invitation
    with pytest.raises(ApplicationError, match="уже использована"):
        answer(survey, token=issued.token)
    with pytest.raises(ApplicationError, match="только по персональной ссылке"):
        answer(survey)


def test_the_same_form_sent_twice_gives_one_questionnaire(organisation):
    survey = client_survey(organisation, is_anonymous=False)
    first = response_submit(survey=survey, raw_answers={"overall": "5"}, submission_key="k" * 32)
    second = response_submit(survey=survey, raw_answers={"overall": "5"}, submission_key="k" * 32)
    assert first.pk == second.pk and Response.objects.count() == 1
    anonymous = client_survey(organisation, code="anon")
    for _ in range(2):
        assert response_submit(survey=anonymous, raw_answers={"overall": "4"}, submission_key="a" * 32) is None
    assert len(write_anonymous_batch(organisation)) == 1


def test_bad_answers_write_nothing(organisation):
    survey = client_survey(organisation)
    with pytest.raises(ApplicationError) as refused:
        response_submit(survey=survey, raw_answers={"overall": "2"}, submission_key="a" * 32)
    assert refused.value.extra["errors"] == {"why": "Ответьте, пожалуйста, на этот вопрос."}
    assert not Response.objects.exists()


def test_threshold_setting_decides_what_is_negative(organisation):
    survey = client_survey(organisation, is_anonymous=False)
    assert answer(survey, score=3).is_negative
    assert not answer(survey, score=4).is_negative
    feedback_settings_update(
        actor=manager(organisation),
        organisation=organisation,
        negative_below=3,
        follow_up_working_days=5,
        complaint_stems="хам",
        responsible=None,
    )
    assert not answer(survey, score=3, raw={"why": "Всё было неплохо"}).is_negative
    assert answer(survey, score=2, raw={"why": "Всё было неплохо"}).is_negative


def test_complaints_are_found_by_word_start_and_explained(organisation):
    stems = DEFAULT_COMPLAINT_STEMS.splitlines()
    assert complaint_stems_in("Инспектор нагрубил и не ответил на вопрос", stems) == ["нагруб", "не ответ"]
    assert complaint_stems_in("Всё прошло неплохо, спасибо", stems) == []
    survey = client_survey(organisation, is_anonymous=False)
    response = answer(survey, score=5, raw={"comment": "Хочу подать ЖАЛОБУ на волокиту"})
    assert response.is_negative
    assert response.negative_reasons == ["«Комментарий»: похоже на жалобу («жалоб», «волокит»)"]


def test_identified_negative_answer_opens_a_task_due_in_working_days_over_the_new_year(organisation):
    responsible = manager(organisation)
    survey = client_survey(organisation, is_anonymous=False)
    with time_machine.travel(dt.datetime(2026, 12, 28, 10, 0, tzinfo=MOSCOW), tick=False):
        mail.outbox.clear()
        response = answer(survey, score=2)
    task = FollowUpTask.objects.get(response=response)
    # 5 working days from Monday 28.12.2026: 29, 30 December, then the holidays to 11 January, then 12 and 13
    assert (task.opened_on, task.due_on) == (dt.date(2026, 12, 28), dt.date(2027, 1, 13))
    assert task.responsible == responsible and "оценка 2" in task.reasons
    with pytest.raises(PermissionDeniedError):
        follow_up_close(actor=member(organisation, "executor"), task=task, measures="Провели беседу с инспектором")
    with pytest.raises(ApplicationError, match="Опишите"):
        follow_up_close(actor=responsible, task=task, measures="да")
    closed = follow_up_close(actor=responsible, task=task, measures="Провели беседу с инспектором, памятка обновлена")
    assert closed.status == FollowUpStatus.CLOSED and closed.measures.startswith("Провели беседу")
    with pytest.raises(ApplicationError, match="уже закрыта"):
        follow_up_close(actor=responsible, task=task, measures="Ещё раз закрываем задачу")


def test_a_negative_anonymous_answer_waits_for_the_daily_sweep(organisation, django_capture_on_commit_callbacks):
    manager(organisation)
    survey = client_survey(organisation)
    with time_machine.travel(dt.datetime(2026, 4, 30, 15, 0, tzinfo=MOSCOW), tick=False):
        answer(survey, score=1)
        assert not FollowUpTask.objects.exists()
        assert anonymous_follow_up(dt.datetime(2026, 4, 30, 23, 0, tzinfo=MOSCOW)) == {"opened": 0}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert anonymous_follow_up(dt.datetime(2026, 5, 1, 0, 5, tzinfo=MOSCOW)) == {"opened": 1}
    assert anonymous_follow_up(dt.datetime(2026, 5, 1, 1, 0, tzinfo=MOSCOW)) == {"opened": 0}
    task = FollowUpTask.objects.get()
    # opened on the 1st of May (a holiday): five working days are 4–8 May
    assert task.due_on == dt.date(2026, 5, 8)
    assert len(mail.outbox) == 1 and "08.05.2026" in mail.outbox[0].subject


def test_an_overdue_follow_up_is_reminded_once(organisation, django_capture_on_commit_callbacks):
    from otklik.feedback.sweeps import follow_up_overdue

    responsible = manager(organisation)
    survey = client_survey(organisation, is_anonymous=False)
    with time_machine.travel(dt.datetime(2026, 4, 30, 10, 0, tzinfo=MOSCOW), tick=False):
        answer(survey, score=1)
    assert follow_up_overdue(dt.datetime(2026, 5, 8, 20, 0, tzinfo=MOSCOW)) == {"reminded": 0}  # due 08.05 itself
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_up_overdue(dt.datetime(2026, 5, 9, 9, 0, tzinfo=MOSCOW)) == {"reminded": 1}
    assert follow_up_overdue(dt.datetime(2026, 5, 10, 9, 0, tzinfo=MOSCOW)) == {"reminded": 0}
    assert [m.to for m in mail.outbox] == [[responsible.email]]
    assert "истёк 08.05.2026" in mail.outbox[0].body
