"""Data migrations of the appeals room, run forward on rows written before them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("appeals", "0007_appeal_section_codes")]
AFTER = [("appeals", "0008_fill_appeal_section_codes")]


@pytest.mark.django_db(transaction=True)
def test_existing_appeals_get_the_sections_of_their_questions():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organisation = apps.get_model("orgs", "Organisation")
    Author = apps.get_model("appeals", "Author")
    Appeal = apps.get_model("appeals", "Appeal")
    Question = apps.get_model("appeals", "Question")
    org = Organisation.objects.create(slug="m", name="Орган", short_name="Орган")
    author = Author.objects.create(organisation=org, last_name="Иванов", identity_key="k")
    day = dt.date(2026, 3, 10)
    appeals = []
    for sequence, sections in enumerate([["0003", "0001", "0003"], [], ["0005"]], start=1):
        appeal = Appeal.objects.create(
            organisation=org,
            kind="appeal",
            channel="portal",
            received_at=dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC),
            registered_on=day,
            year=2026,
            sequence=sequence,
            number=f"{sequence}-О/26",
            access_code_hash=f"h{sequence}",
            author=author,
            text="Текст",
            due_date=day,
            governing_due_date=day,
            forward_due_date=day,
        )
        for position, code in enumerate(sections, start=1):
            Question.objects.create(appeal=appeal, position=position, section_code=code)
        appeals.append(appeal.pk)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    Appeal = executor.loader.project_state(AFTER).apps.get_model("appeals", "Appeal")
    assert [Appeal.objects.get(pk=pk).section_codes for pk in appeals] == ["0001 0003", "", "0005"]
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_yearly_counters_move_to_the_shared_counter_and_numbering_continues():
    before, after = [("appeals", "0011_author_history_index")], [("appeals", "0012_move_counters_to_core")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    org = apps.get_model("orgs", "Organisation").objects.create(slug="m", name="Орган", short_name="Орган")
    Counter = apps.get_model("appeals", "RegistrationCounter")
    Counter.objects.create(organisation=org, year=2026, kind="appeal", last=41)
    Counter.objects.create(organisation=org, year=2026, kind="outgoing", last=7)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    moved = (
        executor.loader.project_state(after)
        .apps.get_model("core", "NumberCounter")
        .objects.filter(organisation_id=org.pk)
    )
    assert {(row.kind, row.last) for row in moved} == {("appeal", 41), ("outgoing", 7)}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from otklik.core.numbering import counter_next

    assert counter_next(organisation_id=org.pk, year=2026, kind="appeal") == 42
