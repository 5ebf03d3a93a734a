"""Editable message templates: the default reproduces today's letters, an edited one changes them, bad ones are refused."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from otklik.appeals.message_events import APPEAL_ANSWERED, APPEAL_REGISTERED
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.notifications.message_templates import check_template, message_events, render_message
from otklik.notifications.models import MessageTemplate
from otklik.notifications.services import message_template_reset, message_template_save
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
EDITED_BODY = (
    "Уважаемый заявитель!\n\nВаше {{ what }} № {{ number }} зарегистрировано {{ registered }}; код доступа {{ code }}."
    "{% if org.phone %}\n\nСправки: {{ org.phone }}, {{ org.address }}.{% endif %}\n\n{{ org.name }}"
)


@pytest.fixture
def requisites(organisation):
    organisation.name = "Министерство социальной политики Тестовой области"
    organisation.short_name = "Минсоцполитики"
    organisation.address = "г. Тестовск, ул. Ленина, д. 1"
    organisation.phone = "+7 (343) 000-00-00"
    organisation.website = "https://minsoc.example.gov.ru"
    organisation.save()
    return organisation


def register(organisation):
    with time_machine.travel(dt.datetime(2026, 5, 12, 11, 0, tzinfo=MSK), tick=False):
        return appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(text="Прошу починить фонари во дворе дома № 12 по улице Ленина."),
        )


@pytest.mark.django_db(transaction=True)
def test_the_default_acknowledgement_is_the_letter_sent_before_templates(requisites):
    registration = register(requisites)
    appeal = registration.appeal
    [letter] = mail.outbox
    # The text appeals.services.intake built by hand before the templates, word for word.
    assert letter.subject == f"Минсоцполитики: ваше обращение зарегистрировано, № {appeal.number}"
    assert letter.body == (
        "Здравствуйте!\n\nМинистерство социальной политики Тестовой области получил(о) ваше обращение 12.05.2026 "
        f"и зарегистрировал(о) его 12.05.2026 под номером {appeal.number}.\n\n"
        f"Ответ будет направлен не позднее {appeal.due_date:%d.%m.%Y}.\n\n"
        f"Проверить, как идёт рассмотрение: http://127.0.0.1:8000/o/{requisites.slug}/ — номер {appeal.number}, "
        f"код доступа {registration.access_code}.\n\n"
        "Это письмо отправлено автоматически; отвечать на него не нужно."
    )


@pytest.mark.django_db(transaction=True)
def test_an_edited_acknowledgement_changes_the_letter_with_the_bodys_requisites(requisites):
    admin = member(requisites, RoleCode.ADMINISTRATOR)
    message_template_save(
        actor=admin,
        organisation=requisites,
        event=APPEAL_REGISTERED.code,
        subject="{{ org.short_name }}: обращение № {{ number }} принято",
        body=EDITED_BODY,
    )
    registration = register(requisites)
    number = registration.appeal.number
    [letter] = mail.outbox
    assert letter.subject == f"Минсоцполитики: обращение № {number} принято"
    assert letter.body == (
        f"Уважаемый заявитель!\n\nВаше обращение № {number} зарегистрировано 12.05.2026; "
        f"код доступа {registration.access_code}.\n\nСправки: +7 (343) 000-00-00, г. Тестовск, ул. Ленина, д. 1.\n\n"
        "Министерство социальной политики Тестовой области"
    )
    # Plain text: nothing is HTML-escaped.
    requisites.name = 'ООО "Ромашка" & Co <test>'
    requisites.save()
    mail.outbox.clear()
    register(requisites)
    assert mail.outbox[0].body.endswith('ООО "Ромашка" & Co <test>')


@pytest.mark.django_db(transaction=True)
def test_the_default_answer_notice_is_the_letter_sent_before_templates(requisites):
    values = {
        "number": "12-О/26",
        "outgoing_number": "45-исх/26",
        "answer_text": "Ремонт освещения запланирован на апрель.",
        "executor_mark": "Иванова А. П., +7 (343) 000-00-01",
    }
    on_merits = render_message(
        organisation=requisites, event=APPEAL_ANSWERED.code, values={**values, "rating_url": "http://r/1"}
    )
    assert on_merits.subject == "Минсоцполитики: ответ на обращение № 12-О/26 (исх. № 45-исх/26)"
    assert on_merits.body == (
        "Ремонт освещения запланирован на апрель.\n\nИсполнитель: Иванова А. П., +7 (343) 000-00-01"
        "\n\nОцените, пожалуйста, ответ (от 1 до 5): http://r/1"
    )
    interim = render_message(organisation=requisites, event=APPEAL_ANSWERED.code, values={**values, "rating_url": ""})
    assert interim.body == "Ремонт освещения запланирован на апрель.\n\nИсполнитель: Иванова А. П., +7 (343) 000-00-01"


@pytest.mark.django_db
def test_every_registered_default_passes_the_checks_a_body_s_template_must_pass():
    events = message_events()
    assert {APPEAL_REGISTERED.code, APPEAL_ANSWERED.code} <= {event.code for event in events}
    for event in events:
        check_template(event, str(event.default_subject), str(event.default_body))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("subject", "body", "words"),
    [
        ("Тема", "{{ number }} {{ code }} {{ passport }}", "Неизвестная подстановка «passport»"),
        ("Тема {{ org.secret }}", "{{ number }} {{ code }}", "Неизвестная подстановка «org.secret»"),
        ("Тема", "{{ number }} {{ code }} {% if number %}", "Ошибка в шаблоне"),
        ("Тема", "{{ number }} {{ code }} {{ number|", "Ошибка в шаблоне"),
        ("Тема", "{{ number }} {{ code }} {% include 'base.html' %}", "тег «include» недоступен"),
        ("Тема", "{{ number }} {{ code }} {% load static %}", "тег «load» недоступен"),
        ("Тема", "{{ number }} {{ code }} {% debug %}", "тег «debug» недоступен"),
        ("Тема", "{{ number }} {{ code }} {{ number|safe }}", "Фильтр «safe» недоступен"),
        ("Тема", "{{ number }} {% if passport %}x{% endif %} {{ code }}", "Неизвестная подстановка «passport»"),
        ("Тема", "{{ number|default:passport }} {{ code }}", "Неизвестная подстановка «passport»"),
        ("Тема", "Ваше обращение № {{ number }} зарегистрировано.", "{{ code }}"),
        ("", "{{ number }} {{ code }}", "Укажите тему"),
        ("Тема\nвторая строка", "{{ number }} {{ code }}", "одной строкой"),
        ("Тема", "   ", "Укажите текст"),
    ],
)
def test_an_unsafe_or_broken_template_is_refused_naming_the_fault_and_nothing_is_saved(
    organisation, subject, body, words
):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    with pytest.raises(ApplicationError) as refusal:
        message_template_save(
            actor=admin, organisation=organisation, event=APPEAL_REGISTERED.code, subject=subject, body=body
        )
    assert words in refusal.value.message
    assert not MessageTemplate.objects.exists()
    assert not AuditEntry.objects.filter(action="message_template.saved").exists()


@pytest.mark.django_db
def test_only_the_administrator_edits_templates_and_an_unknown_event_is_refused(organisation):
    registrar = member(organisation, RoleCode.REGISTRAR)
    with pytest.raises(PermissionDeniedError):
        message_template_save(
            actor=registrar, organisation=organisation, event=APPEAL_REGISTERED.code, subject="Т", body="{{ code }}"
        )
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    with pytest.raises(ApplicationError, match="Неизвестное событие рассылки"):
        message_template_save(actor=admin, organisation=organisation, event="nope", subject="Т", body="Т")


@pytest.mark.django_db
def test_saving_twice_keeps_one_template_audited_and_reset_brings_the_default_back(organisation):
    admin = member(organisation, RoleCode.ADMINISTRATOR)
    for _ in range(2):  # a double submit
        message_template_save(
            actor=admin,
            organisation=organisation,
            event=APPEAL_REGISTERED.code,
            subject="Принято: {{ number }}",
            body="{{ number }}, код {{ code }}",
        )
    template = MessageTemplate.objects.get()
    assert (template.subject, template.updated_by) == ("Принято: {{ number }}", admin)
    saved = AuditEntry.objects.filter(action="message_template.saved").order_by("pk")
    assert [entry.before for entry in saved] == [
        None,
        {"subject": "Принято: {{ number }}", "body": "{{ number }}, код {{ code }}"},
    ]
    values = {"what": "обращение", "received": "", "registered": "", "number": "1", "due": "", "url": "", "code": "X"}
    assert render_message(organisation=organisation, event=APPEAL_REGISTERED.code, values=values).body == "1, код X"

    assert message_template_reset(actor=admin, organisation=organisation, event=APPEAL_REGISTERED.code) is True
    assert not MessageTemplate.objects.exists()
    assert AuditEntry.objects.filter(action="message_template.reset").count() == 1
    assert render_message(organisation=organisation, event=APPEAL_REGISTERED.code, values=values).body.startswith(
        "Здравствуйте!"
    )


@pytest.mark.django_db
def test_the_staff_page_previews_saves_refuses_and_resets(client, requisites):
    admin = member(requisites, RoleCode.ADMINISTRATOR)
    client.force_login(admin)
    listing = client.get("/staff/outbox/templates/").content.decode()
    assert "Обращение зарегистрировано: подтверждение автору" in listing and "по умолчанию" in listing
    assert "Шаблоны сообщений организации" in client.get("/staff/outbox/").content.decode()

    url = f"/staff/outbox/templates/{APPEAL_REGISTERED.code}/"
    page = client.get(url).content.decode()
    assert "{{ org.short_name }}: ваше обращение зарегистрировано" in page  # the default, to start from
    assert "org.phone" in page and "телефон организации" in page  # the placeholders offered

    preview = client.post(url, {"action": "preview", "subject": "№ {{ number }}", "body": EDITED_BODY})
    html = preview.content.decode()
    assert 'data-testid="preview"' in html
    assert "Ваше обращение № 12-О/26 зарегистрировано 03.03.2026; код доступа ABCD-EFGH." in html
    assert "Справки: +7 (343) 000-00-00" in html
    assert not MessageTemplate.objects.exists()  # a preview saves nothing

    refused = client.post(url, {"action": "save", "subject": "№ {{ number }}", "body": "{{ code }} {{ passport }}"})
    assert refused.status_code == 200
    assert "Неизвестная подстановка «passport»" in refused.content.decode()
    assert not MessageTemplate.objects.exists()

    saved = client.post(url, {"action": "save", "subject": "№ {{ number }}", "body": EDITED_BODY})
    assert saved.status_code == 302
    assert MessageTemplate.objects.get().body == EDITED_BODY
    assert "свой" in client.get("/staff/outbox/templates/").content.decode()

    assert client.post(url, {"action": "reset"}).status_code == 302
    assert not MessageTemplate.objects.exists()
    assert client.get("/staff/outbox/templates/unknown/").status_code == 404

    client.force_login(member(requisites, RoleCode.REGISTRAR))
    assert client.get("/staff/outbox/templates/").status_code == 403
    assert client.post(url, {"action": "save", "subject": "x", "body": "{{ code }}"}).status_code == 403
    assert "Шаблоны сообщений организации" not in client.get("/staff/outbox/").content.decode()


@pytest.mark.django_db
def test_the_default_notice_and_survey_invitation_are_the_letters_sent_before_templates(
    requisites, django_capture_on_commit_callbacks
):
    from otklik.appeals.models import Notice
    from otklik.appeals.services import appeal_extend
    from otklik.feedback.services import invitation_issue
    from otklik.feedback.tests.factories import client_survey, manager

    head = member(requisites, RoleCode.HEAD)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = register(requisites).appeal
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeal_extend(actor=head, appeal=appeal, days=10, reason="Нужен запрос в другой орган")
    [notice] = mail.outbox
    record = Notice.objects.get(appeal=appeal)
    assert notice.subject == f"Минсоцполитики: обращение № {appeal.number} — {record.get_kind_display().lower()}"
    assert notice.body == record.text and "Нужен запрос в другой орган" in notice.body

    survey = client_survey(requisites, is_anonymous=True, is_public=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issued = invitation_issue(
            actor=manager(requisites), survey=survey, event_kind="control_event", email="client@example.org"
        )
    [invitation] = mail.outbox
    assert invitation.subject == "Минсоцполитики: оцените, пожалуйста, наше взаимодействие"
    assert invitation.body == (
        f"Здравствуйте!\n\nПросим ответить на несколько вопросов опроса «{survey.title}» (анонимный). "
        f"Ссылка действует один раз:\nhttp://127.0.0.1:8000{issued.path}\n\n"
        f"Если анкета не откроется сама, введите на открывшейся странице код: {issued.token}\n\n"
        "Министерство социальной политики Тестовой области"
    )
