"""The de-anonymisation test (003 §10.6.2): someone holding the whole database, the audit log and the web server's
access log tries to tie anonymous answers to the people who gave them, and fails.

Three employees open their personal links and answer the staff survey in a known order at known hours. The attacker
knows who they are, every request line the web server logged with its time, every audit row, and the rows of the
response tables with their keys, dates and physical traces (xmin and ctid on PostgreSQL, rowid on SQLite). Chance is
all that is left to them. The PostgreSQL-only parts are skipped on SQLite.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.signals import request_started
from django.db import connection, models
from django.utils import timezone

from otklik.core.models import AuditEntry
from otklik.core.sweeps import registered_sweeps
from otklik.feedback.models import Answer, FollowUpTask, Invitation, Response, Survey
from otklik.feedback.presets import staff_survey_definition
from otklik.feedback.services import invitations_send_to_staff, survey_install
from otklik.feedback.services.invitations import token_hash
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UserFactory, member

from .factories import follow_personal_link, hidden_fields, manager

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin and ctid are PostgreSQL's")

MOSCOW = dt.timezone(dt.timedelta(hours=3))
ISSUED = dt.datetime(2026, 3, 10, 9, 0, tzinfo=MOSCOW)
ANSWER_DAY = dt.date(2026, 3, 11)
# who opens the link when (the answer is sent a minute later), and the score given to every rating; beta's answer
# is negative and gets a follow-up task
PEOPLE = [
    ("alpha", dt.datetime(2026, 3, 11, 10, 0, tzinfo=MOSCOW), 5),
    ("beta", dt.datetime(2026, 3, 11, 12, 30, tzinfo=MOSCOW), 2),
    ("gamma", dt.datetime(2026, 3, 11, 16, 42, tzinfo=MOSCOW), 4),
]
SWEEP = dt.datetime(2026, 3, 12, 0, 5, tzinfo=MOSCOW)
RATINGS = ["equipment", "regulation", "automation", "interaction", "development", "career", "team", "work"]
# the seed of the one random source the buffer, the links and the follow-up use; with it the batch is not in the
# order of the answers (any other order would do: the point is that the order is the shuffle's, not time's)
SEED = 7

AccessLog = list[tuple[dt.datetime, str, str]]


@pytest.fixture
def access_log() -> Iterator[AccessLog]:
    """The web server's access log: the time, method and request line (path and query) of every request."""
    lines: AccessLog = []

    def record(sender: Any, environ: dict[str, str], **kwargs: Any) -> None:
        query = environ.get("QUERY_STRING", "")
        lines.append((timezone.now(), environ["REQUEST_METHOD"], environ["PATH_INFO"] + (f"?{query}" if query else "")))

    request_started.connect(record, dispatch_uid="feedback-access-log")
    yield lines
    request_started.disconnect(dispatch_uid="feedback-access-log")


@pytest.fixture
def fixed_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    from otklik.feedback.services import anonymous_buffer

    monkeypatch.setattr(anonymous_buffer, "RANDOM", random.Random(SEED))


@dataclass
class Scenario:
    survey: Survey
    links: dict[str, str]
    tokens: dict[str, str]
    log: AccessLog


def comment_of(name: str) -> str:
    return f"Предложение сотрудника {name}: больше света в кабинетах"


def run_scenario(organisation: Any, client: Any, log: AccessLog, *, sweep: bool = True) -> Scenario:
    """The manager mails the links; alpha, beta and gamma answer in this order on 11 March; the night sweep runs."""
    boss = manager(organisation)
    people = {name: member(organisation, RoleCode.EXECUTOR, user=UserFactory(username=name)) for name, _, _ in PEOPLE}
    survey_install(actor=None, organisation=organisation, definition=staff_survey_definition())
    survey = Survey.objects.get(organisation=organisation, code="staff-survey")
    mail.outbox.clear()
    with time_machine.travel(ISSUED, tick=False):
        invitations_send_to_staff(actor=boss, survey=survey)
    letters = {message.to[0]: message.body for message in mail.outbox}
    links = {name: _link_in(letters[person.email]) for name, person in people.items()}
    for name, opened, score in PEOPLE:
        with time_machine.travel(opened, tick=False):
            path, page = follow_personal_link(client, links[name])
            assert page.status_code == 200, name
        form = {
            **hidden_fields(page.content.decode()),
            **dict.fromkeys(RATINGS, str(score)),
            "comment": comment_of(name),
        }
        with time_machine.travel(opened + dt.timedelta(minutes=1), tick=False):
            assert client.post(path, form).status_code == 302, name
    if sweep:
        with time_machine.travel(SWEEP, tick=False):
            for name, run in sorted(registered_sweeps().items()):
                if name.startswith("feedback-"):
                    run(timezone.now())
    # wherever the link carries the code: after «#» (never sent to a server) or, in links of old, in the path
    tokens = {
        name: urlsplit(link).fragment or urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1]
        for name, link in links.items()
    }
    return Scenario(survey=survey, links=links, tokens=tokens, log=log)


def _link_in(body: str) -> str:
    [link] = [word for word in body.split() if "/feedback/" in word]
    return link


def who_answered() -> dict[str, str]:
    """The truth the attacker is after (the test reads it from the comments): response key → person."""
    return {
        str(answer.response_id): name
        for answer in Answer.objects.filter(question__code="comment")
        for name, _, _ in PEOPLE
        if name in answer.text
    }


def guess_by_order(keys: dict[str, Any], names_in_order: list[str]) -> dict[str, str]:
    """The attacker's guess: rows sorted by a key are the people in the order the access log shows them answer."""
    ordered = sorted(keys, key=lambda pk: keys[pk])
    return dict(zip(ordered, names_in_order, strict=True))


def physical_traces(model: type[models.Model]) -> dict[str, dict[str, Any]]:
    """Per row key: what the storage itself keeps of the order of writing."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'SELECT id::text, xmin::text::bigint, ctid::text FROM "{table}"')  # noqa: S608
            rows = cursor.fetchall()
            ctid = {str(pk): tuple(int(n) for n in re.findall(r"\d+", c)) for pk, _, c in rows}
            return {"xmin": {str(pk): x for pk, x, _ in rows}, "ctid": ctid}
        cursor.execute(f'SELECT id, rowid FROM "{table}"')  # noqa: S608
        return {"rowid": {str(uuid.UUID(str(pk))): rowid for pk, rowid in cursor.fetchall()}}


def traces_by_response() -> dict[str, dict[str, Any]]:
    """Each response's traces, read off its own row and off its comment's row in the answers (never updated)."""
    comments = {str(a.pk): str(a.response_id) for a in Answer.objects.filter(question__code="comment")}
    traces = {f"response {name}": values for name, values in physical_traces(Response).items()}
    for name, values in physical_traces(Answer).items():
        traces[f"answer {name}"] = {comments[pk]: value for pk, value in values.items() if pk in comments}
    return traces


def every_stored_value() -> dict[str, list[str]]:
    """Every row of every table as text, by table name (what an attacker with a dump would grep)."""
    dump: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names come from the schema)
            dump[table] = [" ".join("" if v is None else str(v) for v in row) for row in cursor.fetchall()]
    return dump


def tables_holding(dump: dict[str, list[str]], needle: str) -> set[str]:
    return {table for table, rows in dump.items() if any(needle in row for row in rows)}


def test_the_access_log_never_carries_a_personal_code(organisation, client, access_log, fixed_seed):
    scenario = run_scenario(organisation, client, access_log)
    assert len(scenario.log) >= 2 * len(PEOPLE)
    for name, token in scenario.tokens.items():
        assert len(token) >= 30 and scenario.links[name].endswith(f"#{token}")
        assert not [line for _, _, line in scenario.log if token in line], name
    assert not [line for _, _, line in scenario.log if "/feedback/t/" in line]


def test_the_order_of_response_rows_is_the_shuffles_not_the_order_of_answers(
    organisation, client, access_log, fixed_seed
):
    scenario = run_scenario(organisation, client, access_log)
    truth = who_answered()
    assert sorted(truth.values()) == ["alpha", "beta", "gamma"]
    # the attacker reads the order of the answers off the access log: the POSTs that ended in a redirect
    answered = [name for name, _, _ in PEOPLE]
    keys = {"response id": {pk: pk for pk in truth}, **traces_by_response()}
    for trace, values in keys.items():
        assert guess_by_order(values, answered) != truth, f"rows ordered by {trace} give the people away"
    # the follow-up task of a negative answer is opened by the night sweep, in an order of its own
    tasks = FollowUpTask.objects.filter(survey=scenario.survey)
    assert [str(task.response_id) for task in tasks] and all(task.opened_on == SWEEP.date() for task in tasks)


@postgresql_only
def test_xmin_of_response_rows_is_one_batch_and_no_answer_shares_a_transaction_with_its_link(
    organisation, client, access_log, fixed_seed
):
    run_scenario(organisation, client, access_log)
    answers = physical_traces(Answer)["xmin"]
    assert len(set(answers.values())) == 1, "answers are written by one transaction, not one per person"
    responses = physical_traces(Response)["xmin"]
    positive = [str(pk) for pk in Response.objects.filter(is_negative=False).values_list("pk", flat=True)]
    assert len(positive) == 2 and len({responses[pk] for pk in positive}) == 1
    links = physical_traces(Invitation)["xmin"]
    assert not set(links.values()) & set(responses.values()) and not set(links.values()) & set(answers.values())


def test_no_stored_time_falls_in_the_hours_people_answered(organisation, client, access_log, fixed_seed):
    scenario = run_scenario(organisation, client, access_log)
    day_lines = [moment for moment, _, _ in scenario.log if moment.astimezone(MOSCOW).date() == ANSWER_DAY]
    first, last = min(day_lines), max(day_lines)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                found = model._default_manager.filter(**{f"{field.attname}__range": (first, last)})
                assert not found.exists(), f"{model._meta.label}.{field.name} keeps a moment of the answering hours"
    for model in (Response, Answer):
        assert not any(isinstance(f, models.DateTimeField) for f in model._meta.get_fields())
    assert set(Response.objects.values_list("submitted_on", flat=True)) == {ANSWER_DAY}
    assert not Response.objects.exclude(invitation=None).exists()
    assert not Response.objects.exclude(respondent_name="", contact_email="").exists()
    # the audit log counts the survey's anonymous answers per day, in one row written by the night sweep
    [row] = AuditEntry.objects.filter(action__startswith="feedback.response")
    assert (row.action, row.actor, row.object_type, row.object_id) == (
        "feedback.response.anonymous_batch",
        None,
        "feedback.survey",
        str(scenario.survey.pk),
    )
    assert row.after == {"responses": 3, "days": {"2026-03-11": 3}} and row.created_at == SWEEP


def test_before_the_night_batch_the_waiting_answers_are_sealed(organisation, client, access_log, fixed_seed):
    from otklik.feedback.models import AnonymousBufferEntry

    scenario = run_scenario(organisation, client, access_log, sweep=False)
    assert not Response.objects.exists() and not Answer.objects.exists()
    dump = every_stored_value()
    for name, _, _ in PEOPLE:
        assert not tables_holding(dump, comment_of(name)), name
    waiting = list(AnonymousBufferEntry.objects.all())
    assert len(waiting) == 3 and {entry.day for entry in waiting} == {ANSWER_DAY}
    assert len({len(bytes(entry.sealed)) for entry in waiting}) == 1, "sealed answers all have one length"
    assert all(uuid.UUID(str(entry.pk)).version == 4 for entry in waiting)
    for token in scenario.tokens.values():
        assert not tables_holding(dump, token)
    if connection.vendor == "postgresql":
        links = set(physical_traces(Invitation)["xmin"].values())
        assert not links & set(physical_traces(AnonymousBufferEntry)["xmin"].values())


def test_a_full_dump_holds_no_code_and_no_path_from_a_response_to_a_person(
    organisation, client, access_log, fixed_seed
):
    scenario = run_scenario(organisation, client, access_log)
    dump = every_stored_value()
    allowed = {Response._meta.db_table, Answer._meta.db_table, FollowUpTask._meta.db_table}
    for pk in who_answered():
        for key in (pk, uuid.UUID(pk).hex):
            assert tables_holding(dump, key) <= allowed, pk
    for token in scenario.tokens.values():
        assert not tables_holding(dump, token), token
    # used links all look the same: a flag, no day or time of use, nothing pointing to an answer
    used = list(Invitation.objects.filter(used=True).values("issued_on", "process_id", "unit_id", "channel"))
    assert len(used) == 3 and all(link == used[0] for link in used)
    pointing = {
        f.model._meta.label
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if getattr(f, "related_model", None) is Response and f.concrete
    }
    assert pointing == {"feedback.Answer", "feedback.FollowUpTask"}


def test_an_old_style_link_with_the_code_in_the_path_is_not_served(organisation, client, access_log):
    scenario = run_scenario(organisation, client, access_log, sweep=False)
    unused = Invitation.objects.filter(used=False).count()
    assert client.get(f"/o/{organisation.slug}/feedback/t/{scenario.tokens['alpha']}/").status_code == 404
    assert client.get(f"/o/{organisation.slug}/feedback/code/?token={scenario.tokens['alpha']}").status_code == 200
    assert Invitation.objects.filter(used=False).count() == unused


def test_links_are_made_in_an_order_that_follows_nobody(organisation):
    boss = manager(organisation)
    staff = [member(organisation, RoleCode.EXECUTOR, user=UserFactory(username=f"e{n:02}")) for n in range(8)]
    survey_install(actor=None, organisation=organisation, definition=staff_survey_definition())
    mail.outbox.clear()
    invitations_send_to_staff(actor=boss, survey=Survey.objects.get(code="staff-survey"))
    # neither the names nor the accounts' order is the order of the links or of the letters
    letters = [message for message in mail.outbox if message.to[0] != boss.email]
    sent = [message.to[0] for message in letters]
    assert sorted(sent) == sorted(person.email for person in staff)
    assert sent != sorted(sent) and sent != [person.email for person in staff]
    assert not any(person.email in str(list(Invitation.objects.values_list())) for person in staff)
    # and the letters are not queued in the order the links were made: the outbox's row order ties no address to
    # its link row (whose «used» flag would then tell who took part)
    codes = [re.search(r"код: (\S+)", message.body).group(1) for message in letters]
    link_rows = [Invitation.objects.get(token_hash=token_hash(code)).pk for code in codes]
    assert len(set(link_rows)) == len(staff)
    assert link_rows != sorted(link_rows)
