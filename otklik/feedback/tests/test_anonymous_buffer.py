"""The anonymous buffer: answers wait sealed, are written in batches (earlier days, or a full batch of today), and
survive a key rotation; an answer no key opens is kept and reported, never lost quietly."""

import datetime as dt
import uuid

import pytest
import time_machine

from otklik.calendars.selectors import today_for
from otklik.core.errors import ApplicationError
from otklik.feedback.models import AnonymousBufferEntry, Invitation, Response
from otklik.feedback.services import anonymous_buffer_append, anonymous_buffer_flush, invitation_issue, response_submit
from otklik.feedback.sweeps import anonymous_buffer

from .factories import client_survey, manager

pytestmark = pytest.mark.django_db
MOSCOW = dt.timezone(dt.timedelta(hours=3))


def submit(survey, score=5, **extra):
    return response_submit(
        survey=survey, raw_answers={"overall": str(score), "why": "Долго"}, submission_key=uuid.uuid4().hex, **extra
    )


def test_todays_answers_wait_for_a_full_batch_and_earlier_days_go_out_at_night(organisation, settings):
    settings.FEEDBACK_ANONYMOUS_BATCH = 3
    survey = client_survey(organisation)
    with time_machine.travel(dt.datetime(2026, 3, 11, 10, 0, tzinfo=MOSCOW), tick=False):
        submit(survey)
        submit(survey)
        assert anonymous_buffer(dt.datetime(2026, 3, 11, 11, 0, tzinfo=MOSCOW)) == {"written": 0, "unreadable": 0}
        submit(survey, score=2)
        assert anonymous_buffer(dt.datetime(2026, 3, 11, 11, 5, tzinfo=MOSCOW)) == {"written": 3, "unreadable": 0}
        submit(survey)
    assert Response.objects.count() == 3 and AnonymousBufferEntry.objects.count() == 1
    assert anonymous_buffer(dt.datetime(2026, 3, 11, 23, 55, tzinfo=MOSCOW)) == {"written": 0, "unreadable": 0}
    assert anonymous_buffer(dt.datetime(2026, 3, 12, 0, 5, tzinfo=MOSCOW)) == {"written": 1, "unreadable": 0}
    assert set(Response.objects.values_list("submitted_on", flat=True)) == {dt.date(2026, 3, 11)}
    assert Response.objects.filter(is_negative=True, follow_up_checked=False).count() == 1
    assert not AnonymousBufferEntry.objects.exists()


def test_a_rotated_key_still_opens_waiting_answers_and_a_lost_one_keeps_them(organisation, settings):
    survey = client_survey(organisation)
    settings.SECRET_KEY = "the-key-of-yesterday-" * 3
    submit(survey)
    settings.SECRET_KEY = "a-brand-new-secret-key-" * 3
    today = today_for(organisation) + dt.timedelta(days=1)
    report = anonymous_buffer_flush(organisation=organisation, today=today, min_batch=0)
    assert (report.written, report.unreadable) == (0, 1) and AnonymousBufferEntry.objects.count() == 1
    settings.SECRET_KEY_FALLBACKS = ["the-key-of-yesterday-" * 3]
    report = anonymous_buffer_flush(organisation=organisation, today=today, min_batch=0)
    assert (report.written, report.unreadable) == (1, 0) and Response.objects.count() == 1


def test_wrong_answers_leave_the_personal_link_unused(organisation):
    survey = client_survey(organisation, is_public=False)
    issued = invitation_issue(actor=manager(organisation), survey=survey, event_kind="control_event")
    with pytest.raises(ApplicationError, match="проверьте ответы"):
        response_submit(survey=survey, raw_answers={"overall": "2"}, submission_key="b" * 32, token=issued.token)
    assert not Invitation.objects.get().used and not AnonymousBufferEntry.objects.exists()
    with pytest.raises(ApplicationError, match="только по персональной ссылке"):
        submit(survey)
    assert submit(survey, token=issued.token) is None
    assert Invitation.objects.get().used and AnonymousBufferEntry.objects.count() == 1
    with pytest.raises(ApplicationError, match="уже использована"):
        submit(survey, token=issued.token)


def test_only_a_registered_kind_goes_into_the_buffer(organisation):
    with pytest.raises(ValueError, match="no anonymous sink"):
        anonymous_buffer_append(
            organisation=organisation,
            kind="suggestion",
            group="",
            day=dt.date(2026, 3, 11),
            payload={"text": "Поставить кулер"},
            form_key="c" * 32,
            block=1024,
        )


def test_no_form_key_someone_sends_stores_the_sealing_key(organisation, settings):
    from otklik.feedback import sealed

    survey = client_survey(organisation)
    response_submit(survey=survey, raw_answers={"overall": "5"}, submission_key="sealing key")
    key = sealed._key(settings.SECRET_KEY).hex()
    assert not AnonymousBufferEntry.objects.filter(form_digest=key).exists()
    assert AnonymousBufferEntry.objects.get().form_digest == sealed.digest("sealing key") != key
