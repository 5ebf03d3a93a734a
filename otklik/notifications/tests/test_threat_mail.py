"""No lost and no silent mail: SMTP down, broker down, rolled-back work and killed workers, with the truth shown."""

import datetime as dt
import email
import json
import os
import re
import subprocess
import sys
import threading
import time
from email import policy
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from otklik.appeals.choices import IntakeChannel
from otklik.appeals.models import Appeal
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.sweeps import run_sweeps
from otklik.core.tasks import worker_probe
from otklik.core.tests.processes import database_url_of_this_test_run, free_port
from otklik.notifications.models import MessageStatus, OutgoingMessage
from otklik.notifications.services import notify_address, outbox_deliver
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b")
TEXT = "Прошу починить фонари во дворе дома № 12 по улице Ленина: вечером дети идут из школы в темноте."


class LocalSmtp:
    """The local SMTP test server on a chosen port; refuses recipients whose address starts with `nobody`."""

    def __init__(self, port: int) -> None:
        self.received: list[email.message.EmailMessage] = []
        received = self.received

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.startswith("nobody"):
                    return "550 5.1.1 Mailbox unavailable"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                received.append(email.message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)

    def __enter__(self) -> "LocalSmtp":
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


@pytest.fixture
def smtp_port(settings) -> int:
    """Django sends through SMTP on a port where, for now, no server listens."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_TIMEOUT = 5
    return port


@pytest.fixture
def broker_down():
    """Celery publishes for real (not eagerly) to a broker address where nothing listens."""
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=f"redis://127.0.0.1:{free_port()}/0")
    _forget_connections()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        _forget_connections()


def _forget_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def submit_on_portal(client, organisation, email_address: str = "smirnova@example.org"):
    url = reverse("portal:appeal_new", args=[organisation.slug])
    key = client.get(url).context["form"].initial["submission_key"]
    data = {
        "kind": "appeal",
        "author_kind": "person",
        "last_name": "Смирнова",
        "first_name": "Ольга",
        "email": email_address,
        "postal_address": "214000, г. Смоленск, ул. Ленина, д. 12, кв. 5",
        "form": "complaint",
        "text": TEXT,
        "consent": "on",
        "submission_key": key,
    }
    return client.post(url, data)


def acknowledgement_of(appeal: Appeal) -> OutgoingMessage:
    [message] = OutgoingMessage.objects.filter(object_type="appeals.appeal", object_id=str(appeal.pk))
    return message


def later(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def wait_after(message: OutgoingMessage, moment: dt.datetime) -> dt.timedelta:
    """How long after `moment` the next attempt of `message` is planned."""
    assert message.next_attempt_at is not None
    return message.next_attempt_at - moment


@pytest.mark.django_db(transaction=True)
def test_smtp_down_the_submission_commits_and_the_sweep_delivers_once_the_server_is_back(
    client, organisation, smtp_port
):
    response = submit_on_portal(client, organisation)
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert appeal.number in page and CODE.search(page)

    message = acknowledgement_of(appeal)
    assert message.status == MessageStatus.RETRYING
    assert message.attempts == 1 and message.sent_at is None
    assert "refused" in message.last_error.lower()
    assert message.organisation == organisation and message.to == "smirnova@example.org"
    assert dt.timedelta(seconds=50) < wait_after(message, timezone.now()) <= dt.timedelta(minutes=1)

    run_sweeps(now=later(2))  # the server is still down: the second attempt waits twice as long
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.RETRYING, 2)
    assert wait_after(message, later(2)) > dt.timedelta(seconds=110)

    with LocalSmtp(smtp_port) as server:
        run_sweeps(now=later(5))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.sent_at is not None and message.last_error == ""
    [letter] = server.received
    assert letter["To"] == "smirnova@example.org" and appeal.number in letter["Subject"]
    assert CODE.search(letter.get_content())
    assert message.body == ""  # the access code does not stay in the database once the letter is gone


@pytest.mark.django_db(transaction=True)
def test_broker_down_the_portal_shows_number_and_code_and_the_sweep_delivers(
    client, organisation, smtp_server, broker_down
):
    response = submit_on_portal(client, organisation)
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert appeal.number in page and CODE.search(page)

    message = acknowledgement_of(appeal)
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 0)
    assert smtp_server == []

    run_sweeps()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    [letter] = smtp_server
    assert appeal.number in letter["Subject"]


@pytest.mark.django_db(transaction=True)
def test_broker_down_the_api_answers_with_number_and_code_and_the_sweep_delivers(
    organisation, smtp_server, broker_down
):
    from otklik.api.tests.test_appeals_api import body, client_for

    api = client_for(member(organisation, RoleCode.REGISTRAR))
    response = api.post("/api/v1/appeals/", body(submission_key="broker-down-1"), format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["number"] and created["access_code"]
    message = acknowledgement_of(Appeal.objects.get(pk=created["id"]))
    assert message.status == MessageStatus.QUEUED

    run_sweeps()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [letter["To"] for letter in smtp_server] == ["petrova@example.org"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_delivery_runs_send_each_message_once(organisation, smtp_server, broker_down):
    for number in range(30):
        notify_address(email=f"reader{number}@example.org", subject=f"№ {number}", body="…", organisation=organisation)
    assert OutgoingMessage.objects.filter(status=MessageStatus.QUEUED).count() == 30

    def run() -> None:
        try:
            while outbox_deliver(batch=4).claimed:
                pass
        finally:
            connection.close()

    # PostgreSQL races four runners on SKIP LOCKED; the embedded SQLite takes one writer at a time (as the
    # registration race test does), so there one runner stands for them.
    runners = [threading.Thread(target=run) for _ in range(4 if connection.vendor == "postgresql" else 1)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(timeout=120)
    assert sorted(letter["Subject"] for letter in smtp_server) == sorted(f"№ {number}" for number in range(30))
    assert OutgoingMessage.objects.filter(status=MessageStatus.SENT).count() == 30


@pytest.mark.django_db(transaction=True)
def test_parallel_deliveries_without_a_broker_leave_the_worker_probe_working(organisation):
    """Requests in several threads deliver at once; afterwards /health/?workers=1 can still wait for a result."""

    def submit(thread: int) -> None:
        try:
            for number in range(8):
                notify_address(
                    email=f"t{thread}-{number}@example.org", subject="…", body="…", organisation=organisation
                )
        finally:
            connection.close()

    threads = 4 if connection.vendor == "postgresql" else 1  # the embedded SQLite takes one writer at a time
    runners = [threading.Thread(target=submit, args=(thread,)) for thread in range(threads)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(timeout=120)
    assert OutgoingMessage.objects.filter(status=MessageStatus.SENT).count() == 8 * threads
    assert worker_probe.delay("probe").get(timeout=5)["token"] == "probe"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_business_transaction_leaves_no_message(organisation):
    registrar = member(organisation, RoleCode.REGISTRAR)
    intake = appeal_intake(channel=IntakeChannel.POST, text=TEXT)
    with pytest.raises(RuntimeError), transaction.atomic():
        appeal_register(actor=registrar, organisation=organisation, intake=intake)
        assert OutgoingMessage.objects.count() == 1  # written inside the business transaction
        raise RuntimeError("the rest of the registration failed")
    assert not Appeal.objects.exists()
    assert not OutgoingMessage.objects.exists()
    assert mail.outbox == []

    appeal_register(actor=registrar, organisation=organisation, intake=intake)
    assert OutgoingMessage.objects.get().status == MessageStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_refused_recipient_is_not_retried_and_attempts_run_out_into_failure(organisation, smtp_port, settings):
    with LocalSmtp(smtp_port):
        notify_address(email="nobody@example.org", subject="Отказ", body="…", organisation=organisation)
    refused = OutgoingMessage.objects.get(to="nobody@example.org")
    assert (refused.status, refused.attempts) == (MessageStatus.FAILED, 1)
    assert "550" in refused.last_error and refused.next_attempt_at is None

    settings.OUTBOX_MAX_ATTEMPTS = 3
    first_try = timezone.now()
    notify_address(email="petrova@example.org", subject="Повтор", body="…", organisation=organisation)
    message = OutgoingMessage.objects.get(to="petrova@example.org")
    assert round(wait_after(message, first_try).total_seconds() / 60) == 1
    second_try = later(2)
    run_sweeps(now=second_try)
    message.refresh_from_db()
    assert message.attempts == 2
    assert round(wait_after(message, second_try).total_seconds() / 60) == 2  # 1, 2, 4… minutes apart
    run_sweeps(now=later(3))  # not due yet
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.RETRYING, 2)
    run_sweeps(now=later(5))
    message.refresh_from_db()
    assert (message.status, message.attempts, message.next_attempt_at) == (MessageStatus.FAILED, 3, None)
    assert "refused" in message.last_error.lower()


@pytest.mark.django_db(transaction=True)
def test_the_send_log_and_the_appeal_card_tell_sent_retrying_and_failed_in_russian(client, organisation, smtp_port):
    registrar = member(organisation, RoleCode.REGISTRAR)
    with LocalSmtp(smtp_port):
        notify_address(email="petrova@example.org", subject="Дошло", body="…", organisation=organisation)
        notify_address(email="nobody@example.org", subject="Отказано", body="…", organisation=organisation)
    appeal = appeal_register(
        actor=registrar, organisation=organisation, intake=appeal_intake(channel=IntakeChannel.POST, text=TEXT)
    ).appeal

    client.force_login(registrar)
    html = client.get("/staff/outbox/").content.decode()
    for word in ("отправлено", "повторяем", "не доставлено", "550 5.1.1 Mailbox unavailable", "Connection refused"):
        assert word in html
    assert "Журнал отправки" in client.get("/staff/").content.decode()  # the menu entry
    assert "повторяем" in client.get("/staff/outbox/?status=retrying").content.decode()
    assert "Дошло" not in client.get("/staff/outbox/?status=retrying").content.decode()

    card = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert "повторяем" in card and "Connection refused" in card and "petrova@example.org" in card

    executor = member(organisation, RoleCode.EXECUTOR)
    client.force_login(executor)
    assert client.get("/staff/outbox/").status_code == 403
    assert "Журнал отправки" not in client.get("/staff/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_embedded_default_writes_mail_to_a_folder_and_the_staff_shell_says_so(
    client, organisation, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    notify_address(email="petrova@example.org", subject="Письмо в папку", body="Текст", organisation=organisation)
    [written] = list((tmp_path / "mail").iterdir())
    assert "petrova@example.org" in written.read_text()
    assert OutgoingMessage.objects.get().status == MessageStatus.SENT

    client.force_login(member(organisation, RoleCode.REGISTRAR))
    html = client.get("/staff/").content.decode()
    assert "не отправляются" in html and str(tmp_path / "mail") in html
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert "не отправляются" not in client.get("/staff/").content.decode()


BROKER = "redis://127.0.0.1:6379/11"
ROOT = Path(__file__).resolve().parents[3]


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "WARNING"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def held_retries(broker: redis.Redis) -> int:
    """Retries a worker has taken from the queue and holds, unacknowledged, until their countdown ends."""
    held = [json.loads(raw)[0]["headers"] for raw in broker.hvals("unacked")]
    waiting = broker.llen("celery")
    return 0 if waiting else sum(1 for headers in held if headers.get("retries") and headers.get("eta"))


@pytest.fixture
def real_broker():
    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=BROKER)
    _forget_connections()
    try:
        yield client
    finally:
        celery_app.conf.update(saved)
        _forget_connections()
        client.flushdb()


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_retry_delivers_within_minutes_after_restart(organisation, real_broker):
    port = free_port()
    # Seconds stand for minutes: a 10 s visibility timeout (300 s in production), a 5 s first retry (60 s).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url_of_this_test_run(),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_VISIBILITY_TIMEOUT": "10",
        "OUTBOX_RETRY_BASE_SECONDS": "5",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    first = start_worker(env)
    try:
        notify_address(email="petrova@example.org", subject="Ответ на обращение", body="…", organisation=organisation)
        message = OutgoingMessage.objects.get()

        def retrying_and_held() -> bool:
            message.refresh_from_db()
            return message.status == MessageStatus.RETRYING and held_retries(real_broker) == 1

        assert wait_for(retrying_and_held, 180), "the first worker never tried and rescheduled the message"
        first.kill()  # SIGKILL: the worker dies holding the retry it had not acknowledged
        first.wait()
    finally:
        if first.poll() is None:
            stop(first)
    assert message.attempts == 1 and "refused" in message.last_error.lower()

    with LocalSmtp(port) as server:
        second = start_worker(env)
        restarted = time.monotonic()
        try:

            def sent() -> bool:
                message.refresh_from_db()
                return message.status == MessageStatus.SENT

            assert wait_for(sent, 90), f"not delivered after restart: {message.status}, {message.last_error}"
        finally:
            stop(second)
    assert time.monotonic() - restarted < 60
    assert [letter["Subject"] for letter in server.received] == ["Ответ на обращение"]


def test_a_killed_workers_unacknowledged_task_comes_back_within_minutes():
    options = celery_app.conf.broker_transport_options
    assert options["visibility_timeout"] <= 600
    assert celery_app.conf.task_acks_late and celery_app.conf.task_reject_on_worker_lost


def make_serve(tmp_path: Path, **variables: str) -> dict[str, str]:
    """Run `make serve` with stand-ins for python and gunicorn that print the environment they were given."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    for name in ("python", "gunicorn"):
        stand_in = bin_dir / name
        stand_in.write_text(
            '#!/bin/sh\necho "EMAIL_BACKEND=$EMAIL_BACKEND"\necho "OTKLIK_PUBLIC_URL=$OTKLIK_PUBLIC_URL"\n'
        )
        stand_in.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("EMAIL_", "OTKLIK_", "MAKE"))}
    arguments = [f"{key}={value}" for key, value in variables.items()]
    done = subprocess.run(
        ["make", "--no-print-directory", "serve", f"VENV={tmp_path / 'venv'}", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,  # the target's trap kills its whole process group on exit
    )
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def test_make_run_writes_mail_to_a_folder_without_smtp_and_links_follow_the_port(tmp_path):
    seen = make_serve(tmp_path, PORT="8123")
    assert seen == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OTKLIK_PUBLIC_URL": "http://127.0.0.1:8123",
    }
    seen = make_serve(tmp_path, PORT="8123", EMAIL_HOST="mail.example.org", OTKLIK_PUBLIC_URL="https://otklik.example")
    assert seen == {"EMAIL_BACKEND": "", "OTKLIK_PUBLIC_URL": "https://otklik.example"}
