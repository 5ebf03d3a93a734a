"""Data migrations of the appeals room, run forward on rows written before them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from otklik.appeals.tests.factories import appeal_intake

BEFORE = [("appeals", "0007_appeal_section_codes")]
AFTER = [("appeals", "0008_fill_appeal_section_codes")]


@pytest.mark.django_db(transaction=True)
def test_existing_appeals_get_the_sections_of_their_questions():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    # The models as the database has them: other rooms' later migrations (orgs dropping columns) stay applied.
    apps = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
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
    executor.loader.build_graph()
    apps = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
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


# Sentences exactly as the services wrote them before events had parameters (taken from a run of that code).
OLD_EVENTS = [
    ("registered", "Зарегистрировано № 1-О/25, канал: Почта"),
    (
        "notice:unreadable",
        "Текст вашего обращения № 1-О/25 от 03.03.2025 не поддаётся прочтению, поэтому ответ на него не даётся. "
        "Копия нечитаема.",
    ),
    (
        "extended",
        "Срок рассмотрения вашего обращения № 1-О/25 от 03.03.2025 продлён до 11.04.2025. Основание: Запрошены материалы.",
    ),
    ("question_added", "Вопрос 1: 0003.0009.0099.0001 Лицензирование заготовки лома"),
    ("on_control", "Поставлено на контроль; исполнитель: Исполнова Вера Петровна"),
    ("question_result", "Вопрос 1: Разъяснено"),
    ("answer_drafted", "Подготовлен проект: Ответ по существу"),
    ("answer_approved", "Проект ответа согласован"),
    ("answer_signed", "Ответ подписан, исх. № 1-исх/25 от 05.03.2025"),
    ("answer_sent", "Ответ исх. № 1-исх/25 направлен: Электронная почта"),
    ("closed", "Рассмотрение завершено"),
    ("answer_rated", "Автор оценил ответ: 5 из 5"),
    (
        "forwarded",
        "Ваш запрос № 1-З/25 от 03.03.2025 переадресован в Минздрав, так как вопрос о лекарствах. "
        "Ответ вам направит этот орган. Переадресовано с нарушением 7-дневного срока.",
    ),
    ("extended", "Срок продлён по устному указанию."),  # typed by hand once: not a sentence the migration knows
    ("notice:essence_undeterminable", "Уведомление отправлено почтой."),
    ("answer_sent", "Ответ исх. № 2-исх/25 направлен: голубиной почтой"),  # an unknown channel label
]
AUDITED = {
    "appeal.extended": {"extended_due_date": "2025-04-11", "days": 10, "reason": "Запрошены материалы."},
    "appeal.on_control": {"executor": 7, "controller": 8},
    "appeal.question_added": {"question": 3, "classifier_code": "0003.0009.0099.0001"},
    "appeal.answer_signed": {"answer": 4, "outgoing_number": "1-исх/25"},
}


def _old_appeal(apps, org, sequence):
    author = apps.get_model("appeals", "Author").objects.create(organisation=org, last_name="Петрова", identity_key="k")
    day = dt.date(2025, 3, 3)
    return apps.get_model("appeals", "Appeal").objects.create(
        organisation=org,
        kind="appeal",
        channel="post",
        received_at=dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC),
        registered_on=day,
        year=2025,
        sequence=sequence,
        number=f"{sequence}-О/25",
        access_code_hash=f"h{sequence}",
        author=author,
        text="Текст",
        due_date=day,
        governing_due_date=day,
        forward_due_date=day,
    )


@pytest.mark.django_db(transaction=True)
def test_old_timeline_rows_get_kinds_and_parameters_and_read_the_same_both_ways():
    before, after = [("appeals", "0013_delete_registration_counter")], [("appeals", "0015_fill_appeal_event_params")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    executor.loader.build_graph()
    apps = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    org = apps.get_model("orgs", "Organisation").objects.create(slug="m", name="Орган", short_name="Орган")
    appeal = _old_appeal(apps, org, 1)
    Event = apps.get_model("appeals", "AppealEvent")
    ids = [Event.objects.create(appeal=appeal, kind=kind, text=text).pk for kind, text in OLD_EVENTS]
    for action, values in AUDITED.items():
        apps.get_model("core", "AuditEntry").objects.create(
            action=action, object_type="appeals.appeal", object_id=str(appeal.pk), after=values
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    Event = executor.loader.project_state(after).apps.get_model("appeals", "AppealEvent")
    rows = [Event.objects.get(pk=pk) for pk in ids]
    assert [row.kind for row in rows] == [
        "registered", "notice_sent", "extended", "question_added", "on_control", "question_result", "answer_drafted",
        "answer_approved", "answer_signed", "answer_sent", "closed", "answer_rated", "forwarded", "extended",
        "notice_sent", "answer_sent",
    ]  # fmt: skip
    assert rows[0].params == {"number": "1-О/25", "channel": "post"}
    assert rows[1].params == {
        "number": "1-О/25",
        "registered_on": "2025-03-03",
        "notice": "unreadable",
        "explanation": "Копия нечитаема.",
    }
    assert rows[2].params["days"] == 10 and rows[2].params["due"] == "2025-04-11"
    assert rows[4].params == {"executor_name": "Исполнова Вера Петровна", "executor": 7, "controller": 8}
    assert rows[8].params == {"outgoing_number": "1-исх/25", "outgoing_date": "2025-03-05", "answer": 4}
    assert rows[12].params["late"] is True and rows[12].params["appeal_kind"] == "request"
    assert [row.legacy_text for row in rows[:13]] == [""] * 13  # recovered: the text is rendered from now on
    assert [(row.params, row.legacy_text) for row in rows[13:]] == [
        ({}, "Срок продлён по устному указанию."),
        ({"notice": "essence_undeterminable"}, "Уведомление отправлено почтой."),
        ({}, "Ответ исх. № 2-исх/25 направлен: голубиной почтой"),
    ]

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from otklik.appeals.models import AppealEvent

    assert [AppealEvent.objects.get(pk=pk).text for pk in ids] == [text for _kind, text in OLD_EVENTS]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(before)
    Event = executor.loader.project_state(before).apps.get_model("appeals", "AppealEvent")
    assert [(row.kind, row.text) for row in Event.objects.filter(pk__in=ids).order_by("pk")] == OLD_EVENTS
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_events_written_with_parameters_get_their_russian_text_when_the_migration_is_reversed(organisation):
    from otklik.appeals.models import AppealEvent
    from otklik.appeals.services import appeal_notice_send, appeal_register
    from otklik.orgs.choices import RoleCode
    from otklik.orgs.tests.factories import member

    registrar = member(organisation, RoleCode.REGISTRAR)
    appeal = appeal_register(
        actor=registrar,
        organisation=organisation,
        intake=appeal_intake(
            kind="appeal",
            channel="post",
            text="Текст",
            author={"last_name": "Петрова", "first_name": "Анна", "postal_address": "367000, Махачкала"},
        ),
    ).appeal
    appeal_notice_send(actor=registrar, appeal=appeal, kind="essence_undeterminable")
    expected = [(event.kind, event.text) for event in AppealEvent.objects.filter(appeal=appeal).order_by("pk")]
    assert expected[1][0] == "notice_sent"

    before = [("appeals", "0013_delete_registration_counter")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    Event = executor.loader.project_state(before).apps.get_model("appeals", "AppealEvent")
    assert [(row.kind, row.text) for row in Event.objects.filter(appeal_id=appeal.pk).order_by("pk")] == [
        expected[0],
        ("notice:essence_undeterminable", expected[1][1]),
    ]
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert [(e.kind, e.text) for e in AppealEvent.objects.filter(appeal=appeal).order_by("pk")] == expected
