"""Bench data for the appeals rows: a dedicated PostgreSQL database with a realistic volume of appeals.

`python -m bench.appeals_data [--regenerate]` (run by bench.appeals_ops in a child process whose DATABASE_URL
points at the bench database) drops and creates the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/otklik_bench), migrates it, loads the `sverdlovsk` preset, the demo accounts
and the classifier, then writes 200 units, 10 000 authors and 1 000 000 appeals over 2024 – today (50 000 open)
with their questions, timeline events and audit entries through COPY. The table `bench_dataset` marks a
finished generation: a later run reuses the data and only removes what the previous bench run added.
It never loads the appeals into Python: rows are generated day by day and streamed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import secrets
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/otklik_bench"
DATA_VERSION = 2  # 2: appeals carry their questions' section codes
ORGANISATION = "sverdlovsk"
APPEALS = 1_000_000
OPEN_APPEALS = 50_000
UNITS = 200
AUTHORS = 10_000
KNOWN_CODES = 1_000
API_CLIENTS = 8
FIRST_DAY = dt.date(2024, 1, 1)
SEED = 20261123
MARKER = "bench_dataset"
MAX_AGE_DAYS = 7  # older data is generated anew: the open appeals are due "around today"


def bench_database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def postgres_unreachable(url: str | None = None) -> str | None:
    """None when the PostgreSQL server of the bench database answers, else why not."""
    import psycopg

    url = url or bench_database_url()
    if not url.startswith(("postgres://", "postgresql://")):
        return f"BENCH_DATABASE_URL is not a PostgreSQL URL: {url}"
    try:
        with psycopg.connect(_with_database(url, "postgres"), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        where = f"{urlsplit(url).hostname}:{urlsplit(url).port or 5432}"
        return f"PostgreSQL at {where} is unreachable: {' '.join(str(exc).split())}"
    return None


def data_dir() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR)


def info_path() -> Path:
    return data_dir() / "bench-appeals.json"


def codes_path() -> Path:
    return data_dir() / "bench-appeals-codes.json"


# ---------------------------------------------------------------------------------------------------------------
# The database itself: the marker, recreation, size.


def read_marker(url: str) -> dict[str, Any] | None:
    """The marker of a finished generation, or None (no database, no marker, another data version)."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            exists = conn.execute("SELECT to_regclass(%s)", (MARKER,)).fetchone()
            if not exists or exists[0] is None:
                return None
            row = conn.execute(f"SELECT params FROM {MARKER} WHERE name = 'appeals'").fetchone()  # noqa: S608
    except psycopg.OperationalError:
        return None
    if row is None:
        return None
    params: dict[str, Any] = row[0]
    if params.get("version") != DATA_VERSION or params.get("appeals") != APPEALS:
        return None
    generated_on = dt.date.fromisoformat(params.get("generated_on") or "2000-01-01")
    if (dt.datetime.now(tz=dt.UTC).date() - generated_on).days > MAX_AGE_DAYS:
        print(f"  the bench data is from {generated_on}: the open appeals' due dates are no longer around today")
        return None
    return params


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = database_name(url)
    if "bench" not in name:  # a guard against a mistyped URL dropping a real database
        raise SystemExit(f"refusing to drop database {name!r}: the bench database's name must contain 'bench'")
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_size(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) if row else 0


# ---------------------------------------------------------------------------------------------------------------
# Words for realistic names and texts.

SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
    "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
    "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов",
    "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров",
]  # fmt: skip
MALE_NAMES = ["Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Михаил", "Иван", "Николай", "Владимир", "Евгений"]
FEMALE_NAMES = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Анна", "Мария", "Светлана", "Екатерина", "Юлия"]
PATRONYMICS = ["Александров", "Сергеев", "Викторов", "Иванов", "Петров", "Николаев", "Владимиров", "Юрьев"]
STREETS = ["ул. Ленина", "ул. Мира", "пр. Космонавтов", "ул. Малышева", "ул. 8 Марта", "ул. Белинского"]
CITIES = ["г. Екатеринбург", "г. Нижний Тагил", "г. Каменск-Уральский", "г. Первоуральск", "г. Серов"]
COMPANIES = ["ООО «Уралмаш-Сервис»", "АО «Техноком»", "ООО «Северный металл»", "ПАО «Уральский завод»"]
SENTENCES = [
    "Прошу разъяснить порядок получения государственной поддержки промышленных предприятий.",
    "Обращаюсь по вопросу задержки выплаты субсидии, предусмотренной региональной программой.",
    "Просим рассмотреть возможность включения предприятия в перечень системообразующих организаций.",
    "На протяжении нескольких месяцев не получаем ответа на ранее направленное письмо.",
    "Прошу сообщить сроки проведения конкурсного отбора и перечень необходимых документов.",
    "В нашем посёлке закрывается единственное предприятие, жители остаются без работы.",
    "Прошу принять меры в связи с загрязнением воздуха выбросами завода в жилом районе.",
    "Сообщаю о нарушении условий трудового договора и невыплате заработной платы.",
    "Просим оказать содействие в подключении производственной площадки к сетям.",
    "Прошу проверить законность отказа в предоставлении льготы по налогу на имущество.",
    "Предлагаю рассмотреть меры поддержки молодых специалистов на предприятиях области.",
    "Прошу предоставить информацию о реализации программы развития научных центров.",
]
UNIT_KINDS = ["Отдел", "Сектор", "Управление", "Группа"]
UNIT_TOPICS = [
    "промышленной политики", "развития машиностроения", "металлургии", "химической промышленности",
    "научной деятельности", "инвестиционных проектов", "государственной поддержки", "мониторинга предприятий",
    "оборонно-промышленного комплекса", "лёгкой промышленности", "лесопромышленного комплекса", "экспорта",
    "цифровой трансформации", "кадрового обеспечения", "работы с обращениями", "правового обеспечения",
    "финансового контроля", "стандартизации", "импортозамещения", "технологического развития",
]  # fmt: skip
FORWARD_BODIES = [
    "Министерство природных ресурсов",
    "Прокуратура Свердловской области",
    "Администрация г. Екатеринбурга",
]


def _feminine(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ёв", "ин")) else surname


# ---------------------------------------------------------------------------------------------------------------
# COPY helpers.


def _text(value: Any) -> str:
    """One value in PostgreSQL's text COPY format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, dict | list):
        return _text(json.dumps(value, ensure_ascii=False))
    return str(value)


class CopyStream:
    """A COPY FROM STDIN on its own connection: rows are buffered as text and sent in blocks."""

    def __init__(self, url: str, model: Any, values: list[str], *, block: int = 2000):
        import psycopg

        self.columns = [f.column for f in model._meta.concrete_fields if f.column in values or f.column != "id"]
        fields = {f.column: f for f in model._meta.concrete_fields}
        self.defaults: dict[str, str] = {}
        for column in self.columns:
            if column not in values:  # a field added later: its Python default, as Django would write it
                field = fields[column]
                self.defaults[column] = _text(field.get_db_prep_save(field.get_default(), connection=_connection()))
        self.order = [(column, column in values) for column in self.columns]
        self.conn = psycopg.connect(url)
        self.conn.execute("SET session_replication_role = replica")  # generated rows are consistent: no FK triggers
        self.cursor = self.conn.cursor()
        columns = ", ".join(f'"{c}"' for c in self.columns)
        self._copy_cm = self.cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN')
        self.copy = self._copy_cm.__enter__()
        self.buffer: list[str] = []
        self.block = block
        self.rows = 0

    def write(self, row: dict[str, Any]) -> None:
        defaults = self.defaults
        self.buffer.append("\t".join(_text(row[c]) if given else defaults[c] for c, given in self.order) + "\n")
        self.rows += 1
        if len(self.buffer) >= self.block:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.copy.write("".join(self.buffer).encode())
            self.buffer.clear()

    def finish(self) -> None:
        self.flush()
        self._copy_cm.__exit__(None, None, None)
        self.conn.commit()
        self.conn.close()


def _connection() -> Any:
    from django.db import connection

    return connection


# ---------------------------------------------------------------------------------------------------------------
# Generation.


@dataclass(frozen=True)
class Day:
    date: dt.date
    count: int
    open: int


def _days(today: dt.date, working: Any, rng: random.Random) -> list[Day]:
    """Appeals per day (weekdays busier, a slight growth over the years), exactly APPEALS in all;
    OPEN_APPEALS of them still open, mostly the recent ones, a few stale ones long overdue."""
    dates = [FIRST_DAY + dt.timedelta(days=n) for n in range((today - FIRST_DAY).days + 1)]
    weights = [(1.0 if working(d) else 0.12) * (1 + 0.15 * (d - FIRST_DAY).days / 365) for d in dates]
    counts = _apportion(APPEALS, weights, [APPEALS] * len(dates))

    def open_share(age: int) -> float:
        if age <= 40:
            return 0.97
        if age <= 60:
            return 0.5
        return 0.03 if age <= 180 else 0.0

    open_weights = [count * open_share((today - d).days) for d, count in zip(dates, counts, strict=True)]
    opened = _apportion(OPEN_APPEALS, open_weights, counts)
    return [Day(d, n, o) for d, n, o in zip(dates, counts, opened, strict=True)]


def _apportion(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), never above each cap."""
    result = [0] * len(weights)
    remaining = total
    active = [i for i, w in enumerate(weights) if w > 0]
    while remaining and active:
        scale = remaining / sum(weights[i] for i in active)
        shares = {i: min(caps[i] - result[i], weights[i] * scale) for i in active}
        whole = {i: int(s) for i, s in shares.items()}
        for i, n in whole.items():
            result[i] += n
        remaining -= sum(whole.values())
        order = sorted(active, key=lambda i: shares[i] - whole[i], reverse=True)
        for i in order:
            if not remaining:
                break
            if result[i] < caps[i]:
                result[i] += 1
                remaining -= 1
        active = [i for i in active if result[i] < caps[i]]
    return result


def _pick(rng: random.Random, table: list[tuple[Any, float]]) -> Iterator[Any]:
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    while True:
        yield from rng.choices(values, weights, k=4096)


def generate(url: str) -> dict[str, Any]:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from otklik.appeals import terms as legal
    from otklik.appeals.choices import AppealKind, AppealStatus, AuthorKind, IntakeChannel, QuestionResult
    from otklik.appeals.intake import AuthorData
    from otklik.appeals.models import Appeal, AppealEvent, AppealSettings, Author, ClassifierNode, Question
    from otklik.appeals.services import access_code_hash, terms_for
    from otklik.calendars.selectors import calendar_for, today_for
    from otklik.core.models import AuditEntry
    from otklik.orgs.choices import RoleCode
    from otklik.orgs.models import Organisation, RoleDefinition, Unit, User
    from otklik.orgs.services import membership_set

    rng = random.Random(SEED)
    started = time.perf_counter()
    call_command("load_preset", ORGANISATION, verbosity=0, stdout=StringIO())
    call_command("load_demo_accounts", password=demo_password(), stdout=StringIO())
    classifier = Path(settings.BASE_DIR).parent / "shared" / "data" / "classifier" / "themes_tree_2025-10-31.json"
    if classifier.is_file():
        call_command("import_classifier", str(classifier), stdout=StringIO())
    else:
        print(f"  classifier not found at {classifier}: questions get no theme", flush=True)
    organisation = Organisation.objects.get(slug=ORGANISATION)
    print(f"  preset, demo accounts, classifier: {time.perf_counter() - started:.1f} s", flush=True)

    # Units (20 departments with 9 sections each) and 1–2 executors per unit.
    units: list[Unit] = []
    for d in range(UNITS // 10):
        units.append(Unit(organisation=organisation, code=f"bench-{d:03d}", name=f"Департамент {UNIT_TOPICS[d % 20]}"))
    Unit.objects.bulk_create(units)
    children = []
    for n in range(UNITS - len(units)):
        parent = units[n % len(units)]
        name = f"{UNIT_KINDS[n % 4]} {UNIT_TOPICS[(n // 4) % 20]} № {n + 1}"
        children.append(Unit(organisation=organisation, parent=parent, code=f"bench-{len(units) + n:03d}", name=name))
    Unit.objects.bulk_create(children)
    units += children
    executors: list[tuple[int, int]] = []  # (user id, unit id)
    new_users = []
    for n, unit in enumerate(units):
        for k in range(1 + n % 2):
            female = rng.random() < 0.6
            surname = rng.choice(SURNAMES)
            user = User(
                username=f"bench-executor-{n:03d}-{k}",
                last_name=_feminine(surname) if female else surname,
                first_name=rng.choice(FEMALE_NAMES if female else MALE_NAMES),
                email=f"executor{n:03d}{k}@bench.invalid",
            )
            user.set_unusable_password()
            new_users.append((user, unit))
    User.objects.bulk_create([u for u, _ in new_users])
    for user, unit in new_users:
        membership_set(
            actor=None,
            organisation=organisation,
            user=user,
            unit=unit,
            position="Исполнитель",
            role_codes=[RoleCode.EXECUTOR],
            check_permissions=False,
        )
        executors.append((user.pk, unit.pk))
    # API clients beside the demo registrar: one token per client, as integrators have.
    definition = (
        RoleDefinition.objects.filter(organisation=organisation, role__code=RoleCode.REGISTRAR)
        .select_related("unit")
        .first()
    )
    registrar_unit = definition.unit if definition else None
    for n in range(2, API_CLIENTS + 1):
        user = User(username=f"bench-registrar-{n}", last_name="Регистратор", first_name=f"API-клиент {n}")
        user.set_unusable_password()
        user.save()
        membership_set(
            actor=None,
            organisation=organisation,
            user=user,
            unit=registrar_unit,
            position="Регистратор (интеграция)",
            role_codes=[RoleCode.REGISTRAR],
            check_permissions=False,
        )
    registrar = User.objects.get(username=f"{ORGANISATION}-registrar")
    controllers = list(
        User.objects.filter(username__in=[f"{ORGANISATION}-controller", f"{ORGANISATION}-head"]).values_list(
            "pk", flat=True
        )
    )
    print(f"  {len(units)} units, {len(executors)} executors: {time.perf_counter() - started:.1f} s", flush=True)

    # Authors: 90 % people (70 % of them with e-mail), 10 % organisations.
    authors = []
    for n in range(AUTHORS):
        city, street = rng.choice(CITIES), rng.choice(STREETS)
        address = (
            f"620{rng.randrange(1000):03d}, {city}, {street}, д. {rng.randrange(1, 120)}, кв. {rng.randrange(1, 300)}"
        )
        if rng.random() < 0.1:
            data = AuthorData(
                kind=AuthorKind.ORGANISATION,
                organisation_name=f"{rng.choice(COMPANIES)} (филиал № {n})",
                email=f"office{n}@company{n % 97}.example.org",
                postal_address=address,
            )
        else:
            female = rng.random() < 0.55
            surname = rng.choice(SURNAMES)
            data = AuthorData(
                kind=AuthorKind.PERSON,
                last_name=_feminine(surname) if female else surname,
                first_name=rng.choice(FEMALE_NAMES if female else MALE_NAMES),
                middle_name=rng.choice(PATRONYMICS) + ("на" if female else "ич"),
                email=f"author{n}@mail{n % 13}.example.org" if rng.random() < 0.7 else "",
                phone=f"+7 9{rng.randrange(10**9):09d}",
                postal_address=address,
            )
        authors.append(Author(organisation=organisation, identity_key=data.identity_key(), **data.__dict__))
    Author.objects.bulk_create(authors, batch_size=2000)
    author_ids = [a.pk for a in authors]
    author_emails = {a.pk: a.email for a in authors}
    print(f"  {len(author_ids)} authors: {time.perf_counter() - started:.1f} s", flush=True)

    # Themes: the вопросы (level 4) of the classifier; a ministry of industry hears most about the economy (0003).
    nodes = list(ClassifierNode.objects.filter(is_active=True, level=4).values_list("pk", "section_code", "name"))
    section_weight = {"0003": 6.0, "0001": 2.0, "0002": 1.5, "0004": 1.0, "0005": 0.5}
    node_stream = (
        _pick(rng, [((pk, name[:200], section), section_weight.get(section, 1.0) / 100) for pk, section, name in nodes])
        if nodes
        else None
    )

    calendar = calendar_for(organisation)
    terms = terms_for(organisation)
    tz = organisation.tz
    today = today_for(organisation)
    settings_row = AppealSettings.objects.filter(organisation=organisation).first()
    formats = {
        AppealKind.APPEAL: settings_row.appeal_number_format if settings_row else "{seq}-О/{yy}",
        AppealKind.REQUEST: settings_row.request_number_format if settings_row else "{seq}-З/{yy}",
    }
    due_cache: dict[tuple[dt.date, str], tuple[dt.date, dt.date]] = {}

    def due_dates(day: dt.date, kind: str) -> tuple[dt.date, dt.date]:
        key = (day, kind)
        if key not in due_cache:
            due_cache[key] = (
                legal.due_date(calendar, terms, kind=kind, registered_on=day),
                legal.forward_due_date(calendar, terms, registered_on=day),
            )
        return due_cache[key]

    days = _days(today, calendar.is_working_day, rng)
    channels = _pick(
        rng,
        [
            (IntakeChannel.PORTAL, 35),
            (IntakeChannel.EMAIL, 20),
            (IntakeChannel.POST, 15),
            (IntakeChannel.EPGU, 10),
            (IntakeChannel.POS, 8),
            (IntakeChannel.RECEPTION, 4),
            (IntakeChannel.PHONE, 3),
            (IntakeChannel.SOCIAL, 2),
            (IntakeChannel.FORWARDED, 3),
        ],
    )
    closed_states = _pick(rng, [(AppealStatus.ANSWERED, 65), (AppealStatus.CLOSED, 25), (AppealStatus.FORWARDED, 10)])
    results = _pick(
        rng,
        [
            (QuestionResult.EXPLAINED, 55),
            (QuestionResult.SUPPORTED, 15),
            (QuestionResult.NOT_SUPPORTED, 15),
            (QuestionResult.MEASURES_TAKEN, 12),
            (QuestionResult.LEFT_WITHOUT_ANSWER, 3),
        ],
    )
    known = set(rng.sample(range(APPEALS), KNOWN_CODES))
    known_codes: list[dict[str, str]] = []

    appeal_values = [f.column for f in Appeal._meta.concrete_fields]
    appeal_values.remove("access_code_hash")
    appeal_values.append("access_code_hash")
    appeal_stream = CopyStream(url, Appeal, appeal_values)
    question_stream = CopyStream(
        url, Question, ["appeal_id", "position", "classifier_id", "summary", "section_code", "result"]
    )
    event_stream = CopyStream(
        url, AppealEvent, ["appeal_id", "created_at", "actor_id", "kind", "params", "legacy_text"]
    )
    audit_columns = ["created_at", "actor_id", "organisation_id", "action", "object_type", "object_id"]
    audit_stream = CopyStream(url, AuditEntry, [*audit_columns, "object_repr", "before", "after"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM appeals_appeal")
        row = cursor.fetchone()
    next_id = (row[0] if row else 0) + 1
    sequences: dict[tuple[int, str], int] = {}
    index = 0
    org_id, registrar_id = organisation.pk, registrar.pk
    for day in days:
        opened = set(rng.sample(range(day.count), day.open))
        yy = f"{day.date.year % 100:02d}"
        for n in range(day.count):
            kind = AppealKind.REQUEST if rng.random() < 0.1 else AppealKind.APPEAL
            seq_key = (day.date.year, kind)
            sequence = sequences[seq_key] = sequences.get(seq_key, 0) + 1
            number = formats[kind].format(seq=sequence, year=day.date.year, yy=yy)
            channel = next(channels)
            minutes = 8 * 60 + rng.randrange(10 * 60)
            registered_at = dt.datetime.combine(day.date, dt.time(minutes // 60, minutes % 60), tzinfo=tz)
            received_at = registered_at - dt.timedelta(hours=rng.choice((0, 0, 0, 2, 20, 44)))
            if channel == IntakeChannel.POST and rng.random() < 0.02:
                received_at -= dt.timedelta(days=5)
            due, forward_due = due_dates(day.date, kind)
            is_open = n in opened
            age = (today - day.date).days
            executor_id = unit_id = controller_id = None
            status = AppealStatus.REGISTERED
            closed_at = forwarded_at = None
            forwarded_to = ""
            extended = None
            if is_open:
                if rng.random() < 0.6 or age > 14:
                    status = AppealStatus.IN_WORK
                    executor_id, unit_id = executors[rng.randrange(len(executors))]
                    if rng.random() < 0.3:
                        controller_id = rng.choice(controllers) if controllers else None
                    if age > 20 and rng.random() < 0.08:
                        extended = legal.extended_due_date(calendar, terms, due=due, days=30)
            else:
                status = next(closed_states)
                if status == AppealStatus.FORWARDED:
                    forwarded_to = rng.choice(FORWARD_BODIES)
                    forwarded_at = registered_at + dt.timedelta(days=rng.randrange(1, 7), hours=2)
                    closed_at = forwarded_at
                else:
                    executor_id, unit_id = executors[rng.randrange(len(executors))]
                    closed_at = registered_at + dt.timedelta(days=rng.randrange(3, 30), hours=3)
            appeal_id = next_id + index
            if index in known:
                code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
                code = f"{code[:4]}-{code[4:]}"
                code_hash = access_code_hash(code)
                known_codes.append({"organization": ORGANISATION, "number": number, "access_code": code})
            else:
                code_hash = f"{rng.getrandbits(256):064x}"
            text = " ".join(rng.sample(SENTENCES, rng.randrange(2, 6)))
            author_id = author_ids[rng.randrange(len(author_ids))]
            question_nodes = [
                next(node_stream) if node_stream else (None, "", "") for _ in range(1 + (rng.random() < 0.45))
            ]
            appeal_stream.write(
                {
                    "id": appeal_id,
                    "created_at": registered_at,
                    "updated_at": closed_at or registered_at,
                    "organisation_id": org_id,
                    "kind": kind,
                    "form": ""
                    if kind == AppealKind.REQUEST
                    else rng.choice(("", "application", "complaint", "proposal")),
                    "is_collective": rng.random() < 0.02,
                    "channel": channel,
                    "received_at": received_at,
                    "registered_on": day.date,
                    "year": day.date.year,
                    "sequence": sequence,
                    "number": number,
                    "access_code_hash": code_hash,
                    "late_registration": legal.registered_late(
                        terms, received_on=received_at.date(), registered_on=day.date
                    ),
                    "author_id": author_id,
                    "representative_name": "",
                    "representative_authority": "",
                    "text": text,
                    "status": status,
                    "due_date": due,
                    "extended_due_date": extended,
                    "governing_due_date": extended or due,
                    "extension_reason": "Направлен запрос в другой орган" if extended else "",
                    "forward_due_date": forward_due,
                    "forwarded_to": forwarded_to,
                    "forwarded_at": forwarded_at,
                    "covering_letter": f"Письмо № {rng.randrange(1, 9999)}"
                    if channel == IntakeChannel.FORWARDED
                    else "",
                    "for_official_use": False,
                    "unit_id": unit_id,
                    "executor_id": executor_id,
                    "controller_id": controller_id,
                    "registered_by_id": registrar_id,
                    "submission_key": secrets.token_hex(16) if channel == IntakeChannel.PORTAL else "",
                    "closed_at": closed_at,
                    "section_codes": " ".join(sorted({node[2] for node in question_nodes if node[2]})),
                }
            )
            for position, node in enumerate(question_nodes, start=1):
                result = next(results) if closed_at is not None and not forwarded_to else ""
                question_stream.write(
                    {
                        "appeal_id": appeal_id,
                        "position": position,
                        "classifier_id": node[0],
                        "summary": node[1],
                        "section_code": node[2],
                        "result": result,
                    }
                )
            event_stream.write(
                {
                    "appeal_id": appeal_id,
                    "created_at": registered_at,
                    "actor_id": registrar_id,
                    "kind": "registered",
                    "params": {"number": number, "channel": str(channel)},
                    "legacy_text": "",
                }
            )
            if closed_at is not None:
                event_stream.write(
                    {
                        "appeal_id": appeal_id,
                        "created_at": closed_at,
                        "actor_id": executor_id,
                        # the end of consideration, summed up in one sentence (not a service's own event)
                        "kind": str(status) if status != AppealStatus.ANSWERED else "answer_sent",
                        "params": {},
                        "legacy_text": f"Переадресовано в {forwarded_to}" if forwarded_to else "Ответ направлен автору",
                    }
                )
            audit_stream.write(
                {
                    "created_at": registered_at,
                    "actor_id": registrar_id,
                    "organisation_id": org_id,
                    "action": "appeal.registered",
                    "object_type": "appeals.appeal",
                    "object_id": str(appeal_id),
                    "object_repr": f"№ {number}",
                    "before": None,
                    "after": {
                        "number": number,
                        "kind": str(kind),
                        "channel": str(channel),
                        "due_date": due.isoformat(),
                        "late_registration": False,
                        "email": bool(author_emails[author_id]),
                    },
                }
            )
            index += 1
        if day.date.day == 1 and day.date.month in (1, 7):
            print(f"  … {day.date:%Y-%m}: {index:,} appeals, {time.perf_counter() - started:.0f} s", flush=True)
    for stream in (appeal_stream, question_stream, event_stream, audit_stream):
        stream.finish()
    print(
        f"  COPY: {appeal_stream.rows:,} appeals, {question_stream.rows:,} questions, {event_stream.rows:,} events, "
        f"{audit_stream.rows:,} audit entries: {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    _after_copy(url)
    print(f"  counters, sequences, VACUUM ANALYZE: {time.perf_counter() - started:.0f} s", flush=True)
    codes_path().parent.mkdir(parents=True, exist_ok=True)
    codes_path().write_text(json.dumps(known_codes, ensure_ascii=False, indent=0), encoding="utf-8")
    params = {
        "version": DATA_VERSION,
        "appeals": APPEALS,
        "open": OPEN_APPEALS,
        "generated_on": today.isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
        "secret": _secret_fingerprint(),
        "known_numbers": [c["number"] for c in known_codes],
        **_maxima(url),
    }
    _write_marker(url, params)
    return params


def _after_copy(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("appeals_appeal", "appeals_question", "appeals_appealevent", "core_auditentry"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"  # noqa: S608
            )
        # New registrations go on from the highest number of each year and kind.
        conn.execute(
            """
            INSERT INTO core_numbercounter (organisation_id, year, kind, last)
            SELECT organisation_id, year, kind, max(sequence) FROM appeals_appeal GROUP BY 1, 2, 3
            ON CONFLICT (organisation_id, year, kind)
            DO UPDATE SET last = greatest(core_numbercounter.last, EXCLUDED.last)
            """
        )
        conn.execute("VACUUM (ANALYZE)")


def _maxima(url: str) -> dict[str, Any]:
    """What the generated data ends at, so each bench run can remove what the previous one added."""
    import psycopg

    with psycopg.connect(url) as conn:
        maxima = {}
        for table in _reset_tables():
            row = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()  # noqa: S608
            maxima[table] = int(row[0]) if row else 0
        counters = conn.execute("SELECT id, last FROM core_numbercounter").fetchall()
    return {"max_ids": maxima, "counters": {str(pk): last for pk, last in counters}}


def _reset_tables() -> list[str]:
    """Appeals, every table that points at an appeal, authors and the audit log (children first)."""
    from otklik.appeals.models import Appeal, Author
    from otklik.core.models import AuditEntry

    children = sorted(
        {
            model._meta.db_table
            for model in (rel.related_model for rel in Appeal._meta.related_objects)
            if isinstance(model, type) and model is not Appeal
        }
    )
    return [*children, Appeal._meta.db_table, Author._meta.db_table, AuditEntry._meta.db_table]


def _write_marker(url: str, params: dict[str, Any]) -> None:
    import psycopg
    from psycopg.types.json import Jsonb

    with psycopg.connect(url) as conn:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (name text PRIMARY KEY, params jsonb NOT NULL)")
        conn.execute(
            f"INSERT INTO {MARKER} (name, params) VALUES ('appeals', %s) "  # noqa: S608
            "ON CONFLICT (name) DO UPDATE SET params = EXCLUDED.params",
            (Jsonb(params),),
        )


def _secret_fingerprint() -> str:
    from django.conf import settings

    return hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:16]


def reset(url: str, params: dict[str, Any]) -> dict[str, int]:
    """Remove the rows added after the generation (earlier bench runs' registrations); restore the counters."""
    import psycopg

    removed: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        conn.execute("SET session_replication_role = replica")
        for table in _reset_tables():
            limit = params["max_ids"].get(table)
            if limit is None:
                continue
            cursor = conn.execute(f"DELETE FROM {table} WHERE id > %s", (limit,))  # noqa: S608
            if cursor.rowcount:
                removed[table] = cursor.rowcount
        for pk, last in params["counters"].items():
            conn.execute("UPDATE core_numbercounter SET last = %s WHERE id = %s", (last, int(pk)))
        conn.execute(
            "DELETE FROM core_numbercounter WHERE NOT (id = ANY(%s))",
            ([int(pk) for pk in params["counters"]],),
        )
    if removed:  # the next run starts from tables without the dead rows of the previous one
        with psycopg.connect(url, autocommit=True) as conn:
            for table in removed:
                conn.execute(f"VACUUM (ANALYZE) {table}")
    return removed


def _ensure_codes(url: str, params: dict[str, Any]) -> None:
    """The plain codes file matches the stored hashes (a new SECRET_KEY or a lost file: new codes)."""
    import psycopg

    if params.get("secret") == _secret_fingerprint() and codes_path().is_file():
        return
    from otklik.appeals.services import access_code_hash

    known = []
    with psycopg.connect(url) as conn:
        for number in params["known_numbers"]:
            code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
            code = f"{code[:4]}-{code[4:]}"
            conn.execute(
                "UPDATE appeals_appeal SET access_code_hash = %s WHERE number = %s AND organisation_id = "
                "(SELECT id FROM orgs_organisation WHERE slug = %s)",
                (access_code_hash(code), number, ORGANISATION),
            )
            known.append({"organization": ORGANISATION, "number": number, "access_code": code})
    codes_path().parent.mkdir(parents=True, exist_ok=True)
    codes_path().write_text(json.dumps(known, ensure_ascii=False, indent=0), encoding="utf-8")
    params["secret"] = _secret_fingerprint()
    _write_marker(url, params)


def demo_password() -> str:
    return os.environ.get("OTKLIK_DEMO_PASSWORD", "otklik-demo")


def _client_info(url: str, params: dict[str, Any], generated: bool, seconds: float) -> dict[str, Any]:
    """What the load generator needs: tokens, real classifier codes, known authors, a common surname."""
    from django.core.management import call_command

    from otklik.appeals.models import Author, ClassifierNode

    tokens = []
    for username in [f"{ORGANISATION}-registrar", *(f"bench-registrar-{n}" for n in range(2, API_CLIENTS + 1))]:
        out = StringIO()
        call_command("create_api_token", username, stdout=out)
        tokens.append(out.getvalue().strip())
    codes = list(ClassifierNode.objects.filter(is_active=True, level=4).order_by("code").values_list("code", flat=True))
    rng = random.Random(SEED)
    authors = list(
        Author.objects.filter(kind="person")
        .exclude(email="")
        .order_by("pk")
        .values("last_name", "first_name", "middle_name", "email", "postal_address")[:500]
    )
    return {
        "database_url": url,
        "organization": ORGANISATION,
        "tokens": tokens,
        "classifier_codes": rng.sample(codes, min(300, len(codes))),
        "authors": authors,
        "surname": "Кузнецова",
        "codes_file": str(codes_path()),
        "generated": generated,
        "generation_seconds": params.get("seconds"),
        "prepare_seconds": round(seconds, 1),
        "generated_on": params.get("generated_on"),
        "database_bytes": database_size(url),
        "appeals": params["appeals"],
        "open": params["open"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--regenerate", action="store_true", help="drop the bench database and generate it anew")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    url = bench_database_url()
    reason = postgres_unreachable(url)
    if reason:
        raise SystemExit(reason)
    params = None if args.regenerate else read_marker(url)
    if params is None:
        print(f"Generating the appeals bench data in {database_name(url)} (a few minutes)…", flush=True)
        recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if settings.DATABASES["default"]["NAME"] != database_name(url):
        raise SystemExit(f"DATABASE_URL does not point at the bench database {database_name(url)}")
    call_command("migrate", verbosity=0, interactive=False)
    generated = params is None
    if params is None:
        params = generate(url)
    else:
        removed = reset(url, params)
        _ensure_codes(url, params)
        if removed:
            print(f"  removed the rows of earlier bench runs: {removed}", flush=True)
    info = _client_info(url, params, generated, time.perf_counter() - started)
    info_path().parent.mkdir(parents=True, exist_ok=True)
    info_path().write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"  bench data ready: {info['database_bytes'] / 2**30:.2f} GiB, {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
