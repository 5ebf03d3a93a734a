"""The appeal card and staff registration: terms and timeline, audited reads, actions, errors in Russian."""

import datetime as dt
import uuid
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from otklik.appeals.choices import AppealStatus, IntakeChannel, NoticeKind
from otklik.appeals.intake import Representative
from otklik.appeals.models import Appeal, Attachment, Author, ClassifierNode, Notice
from otklik.appeals.services import appeal_register, appeal_take_on_control
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.models import AuditEntry
from otklik.core.tests.samples import pdf_bytes
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, UserFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
SCAN = pdf_bytes()
REGISTERED = dt.date(2025, 3, 3)  # Monday; +30 days = Wednesday 02.04.2025
TODAY = dt.date(2025, 3, 10)


def at(day: dt.date, hour: int = 11):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=MSK), tick=False)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def registrar(organisation):
    return member(organisation, RoleCode.REGISTRAR, user=UserFactory(last_name="Регистраторова", first_name="Ольга"))


@pytest.fixture
def appeal(organisation, registrar):
    with at(REGISTERED):
        return appeal_register(
            actor=registrar,
            organisation=organisation,
            intake=appeal_intake(
                kind="appeal",
                channel=IntakeChannel.POST,
                text="Прошу разъяснить порядок лицензирования заготовки лома.",
                author={"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"},
                representative=Representative("Сидоров Иван Петрович", "Доверенность от 01.02.2025 № 12"),
            ),
        ).appeal


@pytest.mark.django_db
def test_card_shows_terms_timeline_and_audits_the_read(client, organisation, registrar, appeal):
    controller = member(organisation, RoleCode.CONTROLLER)
    with at(TODAY):
        client.force_login(controller)
        response = client.get(f"/staff/appeals/{appeal.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Обращение № {appeal.number}" in html
    assert '<span data-testid="governing-date">02.04.2025</span>' in html
    assert "осталось 23 дн." in html
    assert "Петрова Анна" in html and "petrova@example.org" in html
    assert "Сидоров Иван Петрович" in html and "Доверенность от 01.02.2025 № 12" in html
    assert f"Зарегистрировано № {appeal.number}, канал: Почта" in html
    assert "Регистраторова Ольга" in html  # the actor of the timeline event
    assert "Продлить срок рассмотрения" in html  # a controller may extend
    read = AuditEntry.objects.get(action="pd.read.appeal")
    assert (read.actor, read.object_id, read.organisation) == (controller, str(appeal.pk), organisation)

    Appeal.objects.filter(pk=appeal.pk).update(due_date=dt.date(2025, 3, 7), governing_due_date=dt.date(2025, 3, 7))
    with at(TODAY):
        html = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert '<span data-testid="days-left" class="error">просрочено на 3 дн.</span>' in html
    assert AuditEntry.objects.filter(action="pd.read.appeal").count() == 2


@pytest.mark.django_db
def test_card_shows_questions_files_and_late_registration(client, organisation, registrar):
    ClassifierNode.objects.create(
        code="0001.0001.0001.0001", name="Основы конституционного строя", level=4, section_code="0001", edition="t"
    )
    with at(dt.date(2025, 3, 10)):
        appeal = appeal_register(
            actor=registrar,
            organisation=organisation,
            intake=appeal_intake(
                kind="request",
                channel=IntakeChannel.POST,
                received_at=dt.datetime(2025, 3, 3, 9, 0, tzinfo=MSK),
                text="Прошу предоставить сведения.",
                author={"kind": "organisation", "organisation_name": "ООО «Ромашка»", "postal_address": "г. Смоленск"},
                questions=[{"classifier_code": "0001.0001.0001.0001"}],
                attachments=[SimpleUploadedFile("scan.pdf", SCAN, content_type="application/pdf")],
            ),
        ).appeal
        client.force_login(registrar)
        html = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert f"Запрос информации № {appeal.number}" in html
    assert "0001.0001.0001.0001" in html and "Основы конституционного строя" in html
    attachment = Attachment.objects.get(appeal=appeal)
    link = f"/staff/appeals/{appeal.pk}/files/{attachment.pk}/"
    assert f'href="{link}"' in html and "scan.pdf" in html
    with at(dt.date(2025, 3, 10)):
        download = client.get(link)
        assert b"".join(download.streaming_content) == SCAN
        assert 'filename="scan.pdf"' in download["Content-Disposition"]
        client.force_login(member(OrganisationFactory(), RoleCode.REGISTRAR))
        assert client.get(link).status_code == 404
        assert client.get(f"/staff/appeals/{appeal.pk}/files/{attachment.pk + 1}/").status_code == 404
    assert "с нарушением трёхдневного срока регистрации" in html
    assert "ООО «Ромашка»" in html


@pytest.mark.django_db
def test_extend_through_the_card_and_refuse_a_second_time(client, organisation, appeal):
    client.force_login(member(organisation, RoleCode.CONTROLLER))
    url = f"/staff/appeals/{appeal.pk}/extend/"
    with at(TODAY):
        response = client.post(url, {"days": "10", "reason": "Запрошены материалы в другом органе."}, follow=True)
        assert messages_of(response) == ["Срок рассмотрения продлён до 11.04.2025; автор уведомлён."]
        html = response.content.decode()
        assert '<span data-testid="governing-date">11.04.2025</span>' in html
        assert "Запрошены материалы в другом органе." in html
        assert "Продлить срок рассмотрения" not in html  # only once
        again = client.post(url, {"days": "5", "reason": "Ещё раз."}, follow=True)
    assert messages_of(again) == ["Срок рассмотрения уже продлевался; продлить его можно только один раз."]
    appeal.refresh_from_db()
    assert appeal.extended_due_date == dt.date(2025, 4, 11)
    assert Notice.objects.filter(appeal=appeal, kind=NoticeKind.EXTENSION).count() == 1


@pytest.mark.django_db
def test_a_refused_action_keeps_what_was_typed(client, organisation, appeal):
    client.force_login(member(organisation, RoleCode.CONTROLLER))
    with at(TODAY):
        response = client.post(
            f"/staff/appeals/{appeal.pk}/extend/", {"days": "45", "reason": "Нужна экспертиза."}, follow=True
        )
        assert messages_of(response) == ["Продлить можно на срок от 1 до 30 дней."]
        html = response.content.decode()
        assert "Нужна экспертиза.</textarea>" in html and 'value="45"' in html
        response = client.post(f"/staff/appeals/{appeal.pk}/extend/", {"days": "много", "reason": ""}, follow=True)
        assert "Продлить на, дн.: Введите целое число." in messages_of(response)[0]
        assert "Основание продления: Обязательное поле." in messages_of(response)[0]
        # the kept input is shown once; the next visit starts clean
        html = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert 'value="много"' not in html
    appeal.refresh_from_db()
    assert appeal.extended_due_date is None


def assigned_executor(organisation, appeal):
    """An executor who sees the appeal because it is theirs (need-to-know: the role alone opens nothing)."""
    executor = member(organisation, RoleCode.EXECUTOR)
    with at(TODAY):
        appeal_take_on_control(actor=member(organisation, RoleCode.CONTROLLER), appeal=appeal, executor=executor)
    return executor


@pytest.mark.django_db
def test_actions_need_their_roles(client, organisation, appeal):
    client.force_login(assigned_executor(organisation, appeal))
    with at(TODAY):
        html = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
        assert "Продлить срок рассмотрения" not in html and "Переадресовать по компетенции" not in html
        response = client.post(
            f"/staff/appeals/{appeal.pk}/extend/", {"days": "10", "reason": "Так надо."}, follow=True
        )
    assert "нужна роль" in messages_of(response)[0]
    appeal.refresh_from_db()
    assert appeal.extended_due_date is None


@pytest.mark.django_db
def test_forward_through_the_card(client, organisation, registrar, appeal):
    client.force_login(registrar)
    url = f"/staff/appeals/{appeal.pk}/forward/"
    with at(TODAY):
        response = client.post(url, {"to_body": "Министерство здравоохранения", "reason": "  "}, follow=True)
        assert "Обязательное поле" in messages_of(response)[0]
        response = client.post(
            url, {"to_body": "Министерство здравоохранения", "reason": "вопрос о лекарствах"}, follow=True
        )
        assert messages_of(response) == ["Обращение переадресовано в Министерство здравоохранения; автор уведомлён."]
        html = response.content.decode()
        again = client.post(url, {"to_body": "Другой орган", "reason": "ещё раз"}, follow=True)
    assert '<span data-testid="appeal-status">Переадресовано</span>' in html
    assert "Переадресовано в" in html and "Министерство здравоохранения" in html
    assert "Переадресовано с нарушением 7-дневного срока" not in html
    assert messages_of(again) == ["Переадресовать можно только обращение на рассмотрении."]
    appeal.refresh_from_db()
    assert (appeal.status, appeal.forwarded_to) == (AppealStatus.FORWARDED, "Министерство здравоохранения")


@pytest.mark.django_db
def test_notice_through_the_card_is_sent_once(client, organisation, appeal):
    client.force_login(assigned_executor(organisation, appeal))
    url = f"/staff/appeals/{appeal.pk}/notice/"
    with at(TODAY):
        response = client.post(url, {"kind": "unreadable", "explanation": "Копия нечитаема."}, follow=True)
        assert messages_of(response) == ["Уведомление направлено автору: О невозможности прочтения обращения."]
        html = response.content.decode()
        again = client.post(url, {"kind": "unreadable"}, follow=True)
        wrong = client.post(url, {"kind": "extension"}, follow=True)
    assert "Копия нечитаема." in html and "О невозможности прочтения обращения" in html
    assert messages_of(again) == ["Это уведомление уже направлено."]
    assert "Уведомление: Выберите корректный вариант." in messages_of(wrong)[0]
    assert Notice.objects.filter(appeal=appeal).count() == 1


@pytest.mark.django_db
def test_another_organisation_gets_404(client, organisation, appeal):
    stranger = member(OrganisationFactory(), *RoleCode.values)
    client.force_login(stranger)
    with at(TODAY):
        assert client.get(f"/staff/appeals/{appeal.pk}/").status_code == 404
        assert client.post(f"/staff/appeals/{appeal.pk}/extend/", {"days": "5", "reason": "x"}).status_code == 404
        assert client.post(f"/staff/appeals/{appeal.pk}/forward/", {"to_body": "x", "reason": "x"}).status_code == 404
        assert client.post(f"/staff/appeals/{appeal.pk}/notice/", {"kind": "unreadable"}).status_code == 404
        assert client.get(f"/staff/appeals/{appeal.pk + 1000}/").status_code == 404
        assert client.get(f"/staff/appeals/{appeal.pk}/extend/").status_code == 405
    appeal.refresh_from_db()
    assert appeal.extended_due_date is None and appeal.status == AppealStatus.REGISTERED
    assert not AuditEntry.objects.filter(action="pd.read.appeal").exists()


def registration_data(**overrides):
    data = {
        "kind": "appeal",
        "channel": "post",
        "received_at": "2025-03-03T10:00",
        "registered_on": "2025-03-04",
        "author_kind": "person",
        "last_name": "Кузнецов",
        "first_name": "Павел",
        "middle_name": "",
        "organisation_name": "",
        "email": "",
        "postal_address": "214000, г. Смоленск, ул. Большая Советская, 1",
        "phone": "",
        "representative_name": "",
        "representative_authority": "",
        "covering_letter": "",
        "form": "complaint",
        "text": "Жалоба на отсутствие ответа из отдела.",
        "classifier_codes": "",
        "submission_key": uuid.uuid4().hex,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_registers_a_letter_received_by_post(client, organisation, registrar):
    organisation.timezone = "Asia/Yekaterinburg"  # the time typed in is the body's local time
    organisation.save()
    ClassifierNode.objects.create(code="0001.0001.0001.0001", name="Тема", level=4, section_code="0001", edition="t")
    ClassifierNode.objects.create(code="0001.0001.0001.0002", name="Тема 2", level=4, section_code="0001", edition="t")
    client.force_login(registrar)
    with at(dt.date(2025, 3, 7)):
        form_page = client.get("/staff/appeals/new/").content.decode()
        assert 'name="submission_key"' in form_page and 'type="datetime-local"' in form_page
        assert 'value="2025-03-07"' in form_page  # registration date defaults to today
        response = client.post(
            "/staff/appeals/new/",
            registration_data(
                classifier_codes="0001.0001.0001.0001, 0001.0001.0001.0002",
                attachments=[SimpleUploadedFile("letter.pdf", pdf_bytes(), content_type="application/pdf")],
            ),
            follow=True,
        )
    appeal = Appeal.objects.get()
    assert response.redirect_chain[-1][0] == f"/staff/appeals/{appeal.pk}/"
    assert "03.03.2025 10:00" in response.content.decode()  # shown in the body's time as well
    assert messages_of(response) == [f"Обращение зарегистрировано: № {appeal.number} от 04.03.2025."]
    assert appeal.channel == IntakeChannel.POST and appeal.form == "complaint"
    assert appeal.registered_on == dt.date(2025, 3, 4)
    assert appeal.received_at == dt.datetime(2025, 3, 3, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Yekaterinburg"))
    assert appeal.registered_by == registrar and appeal.late_registration is False
    assert [q.classifier.code for q in appeal.questions.all()] == ["0001.0001.0001.0001", "0001.0001.0001.0002"]
    assert appeal.attachments.get().name == "letter.pdf"
    assert appeal.author.last_name == "Кузнецов"


@pytest.mark.django_db
def test_forwarded_without_covering_letter_is_refused_and_nothing_written(client, organisation, registrar):
    client.force_login(registrar)
    with at(dt.date(2025, 3, 7)):
        response = client.post(
            "/staff/appeals/new/",
            registration_data(
                channel="forwarded",
                classifier_codes="9999",
                attachments=[SimpleUploadedFile("letter.pdf", pdf_bytes(), content_type="application/pdf")],
            ),
        )
    html = response.content.decode()
    assert "Файлы браузер не сохраняет — выберите их заново." in html
    assert not Attachment.objects.exists()
    assert response.status_code == 200
    assert "Укажите реквизиты сопроводительного письма органа, переадресовавшего обращение." in html
    assert "Жалоба на отсутствие ответа из отдела.</textarea>" in html  # the input is kept
    assert 'value="Кузнецов"' in html
    assert not Appeal.objects.exists() and not Author.objects.exists()
    assert not AuditEntry.objects.filter(action="appeal.registered").exists()
    with at(dt.date(2025, 3, 7)):
        response = client.post("/staff/appeals/new/", registration_data(classifier_codes="9999"))
    assert "Нет такой темы в классификаторе: 9999" in response.content.decode()
    with at(dt.date(2025, 3, 7)):
        response = client.post(
            "/staff/appeals/new/",
            registration_data(channel="forwarded", covering_letter="Письмо Минздрава от 01.03.2025 № 15-2/100"),
        )
    assert response.status_code == 302
    assert Appeal.objects.get().covering_letter == "Письмо Минздрава от 01.03.2025 № 15-2/100"


@pytest.mark.django_db
def test_form_errors_are_shown_next_to_the_fields(client, organisation, registrar):
    client.force_login(registrar)
    with at(dt.date(2025, 3, 7)):
        response = client.post(
            "/staff/appeals/new/", registration_data(last_name="", received_at="вчера", channel="portal")
        )
        html = response.content.decode()
        assert "Введите правильную дату и время." in html
        assert "Выберите корректный вариант." in html  # the portal is not a staff channel
        response = client.post("/staff/appeals/new/", registration_data(last_name=""))
        assert "Укажите фамилию." in response.content.decode()
        response = client.post("/staff/appeals/new/", registration_data(registered_on="2025-03-01"))
        assert "Дата регистрации не может быть раньше поступления." in response.content.decode()
    assert not Appeal.objects.exists()


@pytest.mark.django_db
def test_a_double_post_registers_once(client, organisation, registrar):
    client.force_login(registrar)
    data = registration_data()
    with at(dt.date(2025, 3, 7)):
        first = client.post("/staff/appeals/new/", data)
        second = client.post("/staff/appeals/new/", data, follow=True)
    appeal = Appeal.objects.get()
    assert first["Location"] == f"/staff/appeals/{appeal.pk}/"
    assert second.redirect_chain[-1][0] == f"/staff/appeals/{appeal.pk}/"
    assert messages_of(second)[-1] == f"Это обращение уже зарегистрировано: № {appeal.number}."


@pytest.mark.django_db
def test_only_registrars_register(client, organisation):
    client.force_login(member(organisation, RoleCode.EXECUTOR))
    assert client.get("/staff/appeals/new/").status_code == 403
    assert client.post("/staff/appeals/new/", registration_data()).status_code == 403
    client.force_login(member(organisation, RoleCode.ADMINISTRATOR))
    assert client.get("/staff/appeals/new/").status_code == 200
    client.force_login(member(organisation, RoleCode.RECEPTION_OFFICER))
    assert client.get("/staff/appeals/new/").status_code == 200
    assert not Appeal.objects.exists()


@pytest.mark.django_db
def test_for_official_use_appeals_are_seen_only_by_role_or_assignment(client, organisation):
    registrar = member(organisation, RoleCode.REGISTRAR)
    secret = appeal_register(
        actor=registrar,
        organisation=organisation,
        intake=appeal_intake(
            kind="appeal",
            channel="post",
            text="Сведения ДСП",
            author={"last_name": "Иванов", "first_name": "Олег", "postal_address": "367000, Махачкала"},
            for_official_use=True,
        ),
    ).appeal
    other = member(organisation, RoleCode.EXECUTOR)
    client.force_login(other)
    assert client.get(f"/staff/appeals/{secret.pk}/").status_code == 404
    assert secret.number not in client.get("/staff/appeals/").content.decode()
    client.force_login(registrar)
    assert client.get(f"/staff/appeals/{secret.pk}/").status_code == 200
