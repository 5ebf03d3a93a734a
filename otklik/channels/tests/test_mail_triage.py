"""The triage queue: a letter from Dovecot registered as an appeal answered in its thread, attached, or marked."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from otklik.appeals.choices import AnswerOutcome, IntakeChannel
from otklik.appeals.models import Appeal
from otklik.appeals.services import answer_approve, answer_draft, answer_send, answer_sign, appeal_take_on_control
from otklik.appeals.tests.factories import appeal_intake
from otklik.channels.mail_poll import mailbox_poll
from otklik.channels.mail_services import letter_mark, letter_register
from otklik.channels.models import Letter, LetterStatus, Mailbox
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Organisation, User
from otklik.orgs.tests.factories import OrganisationFactory, UnitFactory, member

from .mail_dovecot import (
    Dovecot,
    dovecot_fixture,  # noqa: F401  (the fixture `dovecot`)
)
from .mail_letters import (
    letter,
    mailbox_fixture,  # noqa: F401  (the fixture `mailbox`)
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registrar(organisation: Organisation) -> User:
    return member(organisation, RoleCode.REGISTRAR)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def registration_post(client: Client, letter_pk: int, **changes: str) -> tuple[int, str]:
    """Submit the prefilled registration form as the registrar sees it, with `changes`."""
    page = client.get(reverse("mail:register", args=[letter_pk]))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if name not in ("attachments",)}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["received_at"] = form["received_at"].value()
    data.update(changes)
    response = client.post(reverse("mail:register", args=[letter_pk]), data)
    return response.status_code, response.get("Location", "")


def answer(appeal: Appeal, organisation: Organisation) -> None:
    unit = UnitFactory(organisation=organisation)
    executor = member(organisation, RoleCode.EXECUTOR, unit=unit)
    executor.phone, executor.email = "+7 (343) 000-00-00", "executor@minzdrav.test"
    executor.save()
    appeal_take_on_control(actor=member(organisation, RoleCode.CONTROLLER), appeal=appeal, executor=executor)
    draft = answer_draft(actor=executor, appeal=appeal, text="Разъясняем порядок.", outcome=AnswerOutcome.SOLVED)
    approved = answer_approve(actor=member(organisation, RoleCode.UNIT_HEAD, unit=unit), answer=draft)
    signed = answer_sign(actor=member(organisation, RoleCode.HEAD), answer=approved)
    answer_send(actor=executor, answer=signed)


def test_a_letter_is_registered_from_triage_and_answered_in_its_thread(
    organisation: Organisation, mailbox: Mailbox, dovecot: Dovecot, registrar: User, smtp_server: list
) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Иванов Пётр Сергеевич <ivanov@example.org>"
    message["Subject"] = "Пособие"
    message["Message-ID"] = "<author-letter@example.org>"
    message["References"] = "<earlier@example.org>"
    message.set_content("Прошу разъяснить порядок получения пособия.")
    message.add_attachment("Справка".encode(), maintype="text", subtype="plain", filename="spravka.txt")
    dovecot.deliver(bytes(message))
    mailbox_poll(mailbox=mailbox)
    stored = Letter.objects.get()
    client = signed_in(registrar)

    queue = client.get(reverse("mail:queue"))
    assert queue.status_code == 200
    assert "Пособие" in queue.content.decode()
    listed = AuditEntry.objects.get(action="pd.read.letter.list")
    assert listed.actor == registrar and listed.after == {"ids": [stored.pk]}
    card = client.get(reverse("mail:letter", args=[stored.pk])).content.decode()
    assert "ivanov@example.org" in card and "Прошу разъяснить порядок получения пособия." in card
    assert "spravka.txt" in card
    source = client.get(reverse("mail:source", args=[stored.pk]))
    assert source["Content-Type"] == "message/rfc822"
    assert b"Message-ID: <author-letter@example.org>" in b"".join(source.streaming_content)
    form = client.get(reverse("mail:register", args=[stored.pk])).context["form"]
    assert (form["last_name"].value(), form["first_name"].value(), form["middle_name"].value()) == (
        "Иванов",
        "Пётр",
        "Сергеевич",
    )
    assert form["email"].value() == "ivanov@example.org"

    status, location = registration_post(client, stored.pk, received_at="2020-01-01T00:00", channel="post")

    appeal = Appeal.objects.get()
    assert status == 302 and location == reverse("appeals:card", args=[appeal.pk])
    assert appeal.channel == IntakeChannel.EMAIL
    assert appeal.received_at == stored.received_at
    assert appeal.author.email == "ivanov@example.org"
    assert [item.name for item in appeal.attachments.all()] == ["spravka.txt"]
    stored.refresh_from_db()
    assert stored.status == LetterStatus.REGISTERED and stored.appeal == appeal
    registered = [m for m in smtp_server if "зарегистрировано" in str(m["Subject"])]
    assert len(registered) == 1 and registered[0]["In-Reply-To"] == "<author-letter@example.org>"

    answer(appeal, organisation)

    [answered] = [m for m in smtp_server if "ответ на обращение" in str(m["Subject"])]
    assert answered["To"] == "ivanov@example.org"
    assert answered["In-Reply-To"] == "<author-letter@example.org>"
    assert answered["References"] == "<earlier@example.org> <author-letter@example.org>"
    assert AuditEntry.objects.filter(action="letter.registered").count() == 1


def test_a_second_registration_of_the_same_letter_is_refused_and_adds_nothing(
    mailbox: Mailbox, dovecot: Dovecot, registrar: User
) -> None:
    dovecot.deliver(letter())
    mailbox_poll(mailbox=mailbox)
    stored = Letter.objects.get()
    client = signed_in(registrar)
    page = client.get(reverse("mail:register", args=[stored.pk]))
    form = page.context["form"]
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    data.pop("attachments")

    first = client.post(reverse("mail:register", args=[stored.pk]), data)
    second = client.post(reverse("mail:register", args=[stored.pk]), data, follow=True)

    assert first.status_code == 302
    assert Appeal.objects.count() == 1
    assert "Письмо уже разобрано: зарегистрировано обращение" in second.content.decode()


def test_a_reply_is_matched_to_its_appeal_and_attached_when_staff_confirm(
    mailbox: Mailbox, dovecot: Dovecot, registrar: User
) -> None:
    dovecot.deliver(letter(message_id="<original@example.org>"))
    mailbox_poll(mailbox=mailbox)
    client = signed_in(registrar)
    original = Letter.objects.get()
    registration_post(client, original.pk)
    appeal = Appeal.objects.get()
    dovecot.deliver(
        letter(
            subject="Re: ваше обращение",
            message_id="<reply@example.org>",
            headers={"In-Reply-To": "<ours@otklik.test>", "References": "<original@example.org> <ours@otklik.test>"},
        )
    )
    dovecot.deliver(letter(subject=f"Дополнение к обращению № {appeal.number}", message_id="<addition@example.org>"))
    mailbox_poll(mailbox=mailbox)

    reply = Letter.objects.get(message_id="<reply@example.org>")
    addition = Letter.objects.get(message_id="<addition@example.org>")
    assert reply.suggested_appeal == appeal and addition.suggested_appeal == appeal
    card = client.get(reverse("mail:letter", args=[reply.pk])).content.decode()
    assert f'value="{appeal.number}"' in card

    response = client.post(reverse("mail:attach", args=[reply.pk]), {"number": appeal.number})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == LetterStatus.ATTACHED and reply.appeal == appeal
    appeal_card = client.get(reverse("appeals:card", args=[appeal.pk])).content.decode()
    assert "Re: ваше обращение" in appeal_card and "приобщено к обращению" in appeal_card
    assert reverse("mail:letter", args=[original.pk]) in appeal_card

    again = client.post(reverse("mail:attach", args=[reply.pk]), {"number": appeal.number}, follow=True)
    assert "Письмо уже разобрано" in again.content.decode()
    missing = client.post(reverse("mail:attach", args=[addition.pk]), {"number": "999-нет"})
    assert missing.status_code == 400 and "не найдено" in missing.content.decode()
    assert Letter.objects.get(pk=addition.pk).status == LetterStatus.AWAITING


def test_marking_needs_a_reason_for_not_an_appeal_and_happens_once(
    mailbox: Mailbox, dovecot: Dovecot, registrar: User
) -> None:
    dovecot.deliver(letter(subject="Реклама"))
    dovecot.deliver(letter(subject="Акт проверки"))
    mailbox_poll(mailbox=mailbox)
    advert, act = Letter.objects.get(subject="Реклама"), Letter.objects.get(subject="Акт проверки")
    client = signed_in(registrar)

    refused = client.post(reverse("mail:mark", args=[advert.pk]), {"status": "not_appeal", "reason": " "})
    assert refused.status_code == 400 and "Укажите, почему письмо не является обращением" in refused.content.decode()
    assert Letter.objects.get(pk=advert.pk).status == LetterStatus.AWAITING

    done = client.post(reverse("mail:mark", args=[advert.pk]), {"status": "not_appeal", "reason": "Реклама"})
    assert done.status_code == 302
    client.post(reverse("mail:mark", args=[act.pk]), {"status": "knd", "reason": ""})
    assert Letter.objects.get(pk=advert.pk).triage_reason == "Реклама"
    assert Letter.objects.get(pk=act.pk).status == LetterStatus.KND
    with pytest.raises(ApplicationError, match="Письмо уже разобрано: не обращение"):
        letter_mark(actor=registrar, letter=advert, status=LetterStatus.INTERNAL)
    queue = client.get(reverse("mail:queue")).content.decode()
    assert "Реклама" not in queue and "Акт проверки" not in queue
    assert AuditEntry.objects.filter(action="letter.marked").count() == 2


def test_only_those_who_triage_see_the_queue_and_only_their_body_letters(
    organisation: Organisation, mailbox: Mailbox, dovecot: Dovecot, registrar: User
) -> None:
    dovecot.deliver(letter())
    mailbox_poll(mailbox=mailbox)
    stored = Letter.objects.get()
    executor = member(organisation, RoleCode.EXECUTOR)
    other = member(OrganisationFactory(slug="other"), RoleCode.REGISTRAR)

    assert signed_in(executor).get(reverse("mail:queue")).status_code == 403
    assert signed_in(executor).get(reverse("mail:letter", args=[stored.pk])).status_code == 403
    assert signed_in(other).get(reverse("mail:letter", args=[stored.pk])).status_code == 404
    with pytest.raises(PermissionDeniedError):
        letter_mark(actor=executor, letter=stored, status=LetterStatus.INTERNAL)
    head = member(organisation, RoleCode.HEAD)
    card = signed_in(head).get(reverse("mail:letter", args=[stored.pk]))
    assert card.status_code == 200
    register_url = reverse("mail:register", args=[stored.pk])
    assert register_url not in card.content.decode()  # the head triages but does not register
    with pytest.raises(PermissionDeniedError, match="Регистрировать обращения может регистратор"):
        letter_register(actor=head, letter=stored, intake=appeal_intake())
    assert not Appeal.objects.exists()
    assert Letter.objects.get(pk=stored.pk).status == LetterStatus.AWAITING
    assert "Разбор почты" in signed_in(registrar).get(reverse("shell:dashboard")).content.decode()


def test_the_queue_page_costs_the_same_queries_for_many_letters(
    organisation: Organisation, mailbox: Mailbox, registrar: User, django_assert_max_num_queries
) -> None:
    from otklik.channels.mail_services import letter_receive

    def fill(start: int, count: int) -> None:
        for uid in range(start, start + count):
            letter_receive(
                mailbox=mailbox,
                uidvalidity=1,
                uid=uid,
                raw=letter(message_id=f"<n{uid}@example.org>", subject=f"Письмо {uid}"),
                received_at=mailbox.created_at,
            )

    client = signed_in(registrar)
    fill(1, 3)
    client.get(reverse("mail:queue"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("mail:queue")).status_code == 200
    fill(10, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("mail:queue"))
    assert page.status_code == 200
    assert "Письмо 69" in page.content.decode() and "Страница 1 из 2" in page.content.decode()


def test_the_dashboard_shows_letters_awaiting_triage_and_a_failing_mailbox(
    organisation: Organisation, mailbox: Mailbox, dovecot: Dovecot, registrar: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    dovecot.deliver(letter())
    dovecot.deliver(letter())
    mailbox_poll(mailbox=mailbox)
    monkeypatch.delenv("OTKLIK_TEST_MAILBOX_PASSWORD")
    mailbox_poll(mailbox=mailbox)

    html = signed_in(registrar).get(reverse("shell:dashboard")).content.decode()

    assert 'data-testid="mail-awaiting">2<' in html
    assert "не опрашивается: RuntimeError: Пароль не задан" in html
    executor = member(organisation, RoleCode.EXECUTOR)
    assert "mail-awaiting" not in signed_in(executor).get(reverse("shell:dashboard")).content.decode()
