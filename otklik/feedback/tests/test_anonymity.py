"""The de-anonymisation test: someone with the whole database tries to tie anonymous answers to people and fails."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.apps import apps
from django.db import connection, models

from otklik.core.models import AuditEntry
from otklik.feedback.models import Answer, Invitation, Response
from otklik.feedback.services import invitation_issue, response_submit

from .factories import client_survey, manager

pytestmark = pytest.mark.django_db(transaction=True)
MOSCOW = dt.timezone(dt.timedelta(hours=3))


def _every_stored_value() -> dict[str, list[str]]:
    """Every row of every table as text, by table name (what an attacker with a dump would grep)."""
    dump: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names come from the schema)
            dump[table] = [" ".join("" if v is None else str(v) for v in row) for row in cursor.fetchall()]
    return dump


def test_anonymous_answers_cannot_be_tied_to_people_tokens_or_moments(organisation):
    boss = manager(organisation)
    survey = client_survey(organisation)
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=MOSCOW), tick=False):
        alpha = invitation_issue(actor=boss, survey=survey, event_kind="control_event", event_id="КНМ-1 ООО «Альфа»")
        beta = invitation_issue(actor=boss, survey=survey, event_kind="control_event", event_id="КНМ-2 ООО «Бета»")
    answers = {}
    # Alpha answers first at 10:01, Beta at 16:42; an anonymous visitor of the portal at 12:30
    for moment, token, name, score in [
        (dt.datetime(2026, 3, 11, 10, 1, tzinfo=MOSCOW), alpha.token, "alpha", 1),
        (dt.datetime(2026, 3, 11, 12, 30, tzinfo=MOSCOW), "", "portal", 5),
        (dt.datetime(2026, 3, 11, 16, 42, tzinfo=MOSCOW), beta.token, "beta", 4),
    ]:
        with time_machine.travel(moment, tick=False):
            answers[name] = response_submit(
                survey=survey,
                raw_answers={"overall": str(score), "why": "Плохо объяснили"},
                submission_key=uuid.uuid4().hex,
                token=token,
                respondent_name="Пётр Альфин",
                contact_email="alpha@example.org",
            )
    responses = list(Response.objects.all())

    # 1. No column of a response can hold a person, a link, a time or an address.
    for field in Response._meta.get_fields():
        assert not isinstance(field, models.DateTimeField), field.name
    for response in responses:
        assert (response.invitation_id, response.respondent_name, response.contact_email) == (None, "", "")
        assert response.submitted_on == dt.date(2026, 3, 11)
    assert not any(isinstance(f, models.DateTimeField) for f in Answer._meta.get_fields())

    # 2. Keys are random, so no order of rows tells who answered first.
    for response in responses:
        assert uuid.UUID(str(response.pk)).version == 4
    for model in (Response, Answer):
        assert isinstance(model._meta.pk, models.UUIDField)

    # 3. A used link keeps a flag, not a time: both links look the same, and neither points to a response.
    links = list(Invitation.objects.order_by("pk").values("used", "issued_on", "process_id", "unit_id", "channel"))
    assert links[0] == links[1] and links[0]["used"] is True

    # 4. The audit log names neither the person, the token, nor the response.
    submissions = AuditEntry.objects.filter(action="feedback.response.anonymous")
    assert submissions.count() == 3
    assert set(submissions.values_list("actor", "object_type", "object_id", "before", "after")) == {
        (None, "feedback.survey", str(survey.pk), None, None)
    }

    # 5. A full dump of the database: a response's key is found only in the answer tables; the tokens and the
    #    contact details the form carried are stored nowhere; a token's hash only in its own row.
    dump = _every_stored_value()
    allowed = {Response._meta.db_table, Answer._meta.db_table}
    for response in responses:
        for key in (str(response.pk), response.pk.hex):
            found = {table for table, rows in dump.items() if any(key in row for row in rows)}
            assert found <= allowed, (response.pk, found)
    for secret in (alpha.token, beta.token, "Пётр Альфин", "alpha@example.org"):
        assert not any(secret in row for rows in dump.values() for row in rows), secret
    for issued in (alpha, beta):
        found = {table for table, rows in dump.items() if any(issued.invitation.token_hash in row for row in rows)}
        assert found == {Invitation._meta.db_table}

    # 6. Any model that points to a response is one of ours and carries no person (follow-up tasks of negative
    #    anonymous answers are opened by the daily sweep, later and in random order).
    pointing = {
        f.model._meta.label
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if getattr(f, "related_model", None) is Response and f.concrete
    }
    assert pointing == {"feedback.Answer", "feedback.FollowUpTask"}
