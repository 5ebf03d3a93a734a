"""Client accounts: sign-up, confirmation by a signed link sent by e-mail (SMTP), history with the organisation."""

import re
from urllib.parse import urlsplit

import pytest

from otklik.appeals.choices import AnswerKind, NoticeKind
from otklik.appeals.services import (
    answer_approve,
    answer_draft,
    answer_send,
    answer_sign,
    appeal_notice_send,
    appeal_take_on_control,
)
from otklik.clients.models import ClientAccount
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, member
from otklik.portal.tests.answered import answer_on_the_merits, registered

PASSWORD = "Kashtan-2026-svet"


def confirm_link(message_body: str) -> str:
    found = re.search(r"http://\S+/account/confirm/\S+/", message_body)
    assert found, message_body
    return urlsplit(found.group(0)).path


@pytest.mark.django_db(transaction=True)
def test_sign_up_confirm_by_smtp_and_see_the_history(client, organisation, smtp_server):
    first = registered(organisation, email="Petrova@Example.org")
    second = registered(organisation, text="Второе обращение")
    registered(organisation, email="someone@example.org")
    registered(OrganisationFactory(slug="other"), email="petrova@example.org")
    answer_on_the_merits(first.appeal)
    appeal_notice_send(
        actor=member(organisation, RoleCode.REGISTRAR), appeal=second.appeal, kind=NoticeKind.ESSENCE_UNDETERMINABLE
    )

    key = client.get("/o/testorg/account/signup/").context["form"].initial["submission_key"]
    weak = client.post(
        "/o/testorg/account/signup/", {"email": "petrova@example.org", "password": "123", "submission_key": key}
    )
    assert (
        'value="petrova@example.org"' in weak.content.decode()
        and "Введённый пароль слишком короткий" in weak.content.decode()
    )
    page = client.post(
        "/o/testorg/account/signup/", {"email": "petrova@example.org", "password": PASSWORD, "submission_key": key}
    )
    assert "Мы отправили письмо на petrova@example.org" in page.content.decode()
    letter = next(m for m in smtp_server if "подтвердите адрес" in m["Subject"])
    link = confirm_link(letter.get_content())

    early = client.post("/o/testorg/account/login/", {"email": "petrova@example.org", "password": PASSWORD})
    assert "Сначала подтвердите почту" in early.content.decode()
    assert "Адрес подтверждён" in client.get(link).content.decode()
    assert "Ссылка неверна" in client.get(link[:-3] + "xx/").content.decode()
    wrong = client.post("/o/testorg/account/login/", {"email": "petrova@example.org", "password": "nope"})
    assert "Неверная почта или пароль" in wrong.content.decode()
    client.post("/o/testorg/account/login/", {"email": "petrova@example.org", "password": PASSWORD})
    history = client.get("/o/testorg/account/").content.decode()
    assert first.appeal.number in history and second.appeal.number in history
    assert history.count("<tr>") == 3  # header + my two appeals here; not another author's, not another body's
    assert "Ответ направлен" in history and "Вы можете оценить ответ" in history and "/o/testorg/rate/" in history
    assert "Суть обращения не удалось определить" in history
    account = ClientAccount.objects.get()
    assert AuditEntry.objects.filter(action="pd.read.client_history", object_id=str(account.pk)).exists()
    # A client is never a staff user: the staff shell and the admin stay closed.
    assert client.get("/staff/").status_code == 302 and "/accounts/login/" in client.get("/staff/")["Location"]
    client.post("/o/testorg/account/logout/")
    assert client.get("/o/testorg/account/")["Location"].endswith("/o/testorg/account/login/")


@pytest.mark.django_db
def test_information_request_is_what_is_required(client, organisation):
    registration = registered(organisation)
    executor = member(organisation, RoleCode.EXECUTOR)
    executor.phone, executor.email = "+7 000", "e@example.org"
    executor.save()
    appeal = registration.appeal
    appeal_take_on_control(actor=member(organisation, RoleCode.CONTROLLER), appeal=appeal, executor=executor)
    answer = answer_draft(
        actor=executor, appeal=appeal, kind=AnswerKind.INFORMATION_REQUEST, text="Пришлите копию договора."
    )
    answer = answer_approve(actor=member(organisation, RoleCode.CONTROLLER), answer=answer)
    answer = answer_sign(actor=member(organisation, RoleCode.HEAD), answer=answer)
    answer_send(actor=executor, answer=answer)
    ClientAccount.objects.create(email="petrova@example.org", password="!", confirmed_at=appeal.created_at)
    session = client.session
    session["otklik_client_account"] = ClientAccount.objects.get().pk
    session.save()
    history = client.get("/o/testorg/account/").content.decode()
    assert "Орган запросил дополнительную информацию" in history
