"""The public appeal form: registration, a double submit, errors that keep what was typed, files, who sees the code."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from otklik.appeals.choices import AuthorKind, IntakeChannel
from otklik.appeals.models import Appeal, Attachment, Author
from otklik.appeals.services import access_code_hash, appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError
from otklik.core.submission_keys import submission_key_scoped
from otklik.core.tests.samples import pdf_bytes
from otklik.orgs.tests.factories import OrganisationFactory
from otklik.portal.appeal_forms import AppealForm

pytestmark = pytest.mark.django_db

TEXT = (
    "Прошу принять меры: во дворе дома № 12 по улице Ленина с октября не горят фонари, "
    "вечером дети идут из школы в темноте."
)
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b")


def new_url(organisation) -> str:
    return reverse("portal:appeal_new", args=[organisation.slug])


def done_url(organisation, appeal) -> str:
    return reverse("portal:appeal_done", args=[organisation.slug, appeal.pk])


def fresh_key(client, organisation) -> str:
    return client.get(new_url(organisation)).context["form"].initial["submission_key"]


def valid_data(key: str, **overrides) -> dict:
    data = {
        "kind": "appeal",
        "author_kind": "person",
        "last_name": "Смирнова",
        "first_name": "Ольга",
        "middle_name": "Викторовна",
        "organisation_name": "",
        "email": "smirnova@example.org",
        "postal_address": "214000, г. Смоленск, ул. Ленина, д. 12, кв. 5",
        "phone": "+7 900 123-45-67",
        "form": "complaint",
        "text": TEXT,
        "consent": "on",
        "submission_key": key,
    }
    data.update(overrides)
    return data


def service_message(organisation, **author) -> str:
    """What the service itself says about this author: the form must say the same."""
    base = {"last_name": "Смирнова", "first_name": "Ольга", "email": "smirnova@example.org"}
    base.update(author)
    with pytest.raises(ApplicationError) as refusal:
        appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(kind="appeal", channel=IntakeChannel.PORTAL, text=TEXT, author=base),
        )
    return refusal.value.message


def test_the_form_renders_with_consent_and_a_hidden_key(client, organisation):
    response = client.get(new_url(organisation))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Я согласен(на) на обработку персональных данных в целях рассмотрения обращения (152-ФЗ)" in html
    assert re.search(r'<input type="checkbox" name="consent"[^>]*required', html)
    key = re.search(r'<input type="hidden" name="submission_key" value="([0-9a-f]{32})"', html)
    assert key is not None
    assert key.group(1) == response.context["form"].initial["submission_key"]
    assert "Отправить обращение" in html
    assert "59-ФЗ" in html and "30 дней" in html
    assert "Не более 10 файлов, каждый — до 10 МБ, все вместе — до 30 МБ" in html
    last_name = re.search(r'<input type="text" name="last_name"[^>]*>', html).group(0)
    assert " required " in last_name and 'aria-required="true"' in last_name
    assert '<label for="id_text">Текст обращения' in html
    # Another visit is another submission.
    assert fresh_key(client, organisation) != key.group(1)


def test_the_organisation_page_links_to_the_form(client, organisation):
    html = client.get(reverse("portal:organisation", args=[organisation.slug])).content.decode()
    assert f'href="{new_url(organisation)}"' in html
    assert "Подать обращение" in html


def test_a_valid_submission_registers_one_appeal_and_shows_number_and_code(
    client, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    key = fresh_key(client, organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(new_url(organisation), valid_data(key))
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == done_url(organisation, appeal)
    assert appeal.channel == IntakeChannel.PORTAL
    assert appeal.organisation == organisation
    assert (appeal.kind, appeal.form, appeal.text) == ("appeal", "complaint", TEXT)
    # The key is stored as the sender's own (the author's, on the portal), never as typed.
    assert appeal.submission_key == submission_key_scoped(key, sender=f"author:{appeal.author.identity_key}")
    author = appeal.author
    assert (author.kind, author.last_name, author.first_name, author.middle_name) == (
        AuthorKind.PERSON,
        "Смирнова",
        "Ольга",
        "Викторовна",
    )
    assert author.postal_address.startswith("214000") and author.phone == "+7 900 123-45-67"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert appeal.number in html
    code = CODE.search(html).group(0)
    assert len(code) == 9
    assert access_code_hash(code) == appeal.access_code_hash
    assert appeal.registered_on.strftime("%d.%m.%Y") in html
    assert appeal.due_date.strftime("%d.%m.%Y") in html
    assert "Запишите или сохраните номер и код доступа." in html
    assert "направлено на адрес smirnova@example.org" in html
    assert [message.to for message in mailoutbox] == [["smirnova@example.org"]]
    assert code in mailoutbox[0].body


def test_a_request_for_information_is_numbered_as_a_request(client, organisation):
    key = fresh_key(client, organisation)
    response = client.post(new_url(organisation), valid_data(key, kind="request", form=""))
    appeal = Appeal.objects.get()
    assert appeal.kind == "request" and "-З/" in appeal.number
    assert "Запрос информации зарегистрирован" in client.get(response["Location"]).content.decode()


def test_an_organisation_writes_with_its_name(client, organisation):
    key = fresh_key(client, organisation)
    data = valid_data(key, author_kind="organisation", organisation_name='ООО "Смоленские фонари"', last_name="")
    data["first_name"] = ""
    response = client.post(new_url(organisation), data)
    assert response.status_code == 302
    author = Author.objects.get()
    assert (author.kind, author.organisation_name) == (AuthorKind.ORGANISATION, 'ООО "Смоленские фонари"')


def test_an_organisation_must_give_its_name(client, organisation):
    key = fresh_key(client, organisation)
    response = client.post(new_url(organisation), valid_data(key, author_kind="organisation"))
    assert response.status_code == 200
    assert response.context["form"].errors["organisation_name"] == ["Укажите наименование организации."]
    assert not Appeal.objects.exists()


def test_a_double_submit_registers_once_and_shows_the_same_page(client, organisation):
    key = fresh_key(client, organisation)
    first = client.post(new_url(organisation), valid_data(key))
    second = client.post(new_url(organisation), valid_data(key))
    assert Appeal.objects.count() == 1
    appeal = Appeal.objects.get()
    assert first["Location"] == second["Location"] == done_url(organisation, appeal)
    html = client.get(second["Location"]).content.decode()
    assert appeal.number in html
    assert access_code_hash(CODE.search(html).group(0)) == appeal.access_code_hash


def test_a_repeat_from_a_browser_without_the_session_lands_on_the_same_number_without_the_code(client, organisation):
    key = fresh_key(client, organisation)
    client.post(new_url(organisation), valid_data(key))
    appeal = Appeal.objects.get()

    other = Client()  # the first response never reached the browser: no session cookie
    response = other.post(new_url(organisation), valid_data(key))
    assert response["Location"] == done_url(organisation, appeal)
    assert Appeal.objects.count() == 1
    html = other.get(response["Location"]).content.decode()
    assert appeal.number in html
    assert CODE.search(html) is None
    assert "Код доступа был показан при первой отправке и направлен на электронную почту" in html


def test_a_stale_form_with_another_text_is_not_swallowed_as_a_repeat(client, organisation):
    key = fresh_key(client, organisation)
    client.post(new_url(organisation), valid_data(key))
    other_text = "Прошу сообщить график вывоза мусора в микрорайоне Королёвка."
    response = client.post(new_url(organisation), valid_data(key, text=other_text))
    assert response.status_code == 200
    form = response.context["form"]
    assert "Эта форма уже была отправлена раньше" in form.non_field_errors()[0]
    assert form["text"].value() == other_text
    new_key = form["submission_key"].value()
    assert new_key and new_key != key
    assert Appeal.objects.count() == 1

    again = client.post(new_url(organisation), valid_data(new_key, text=other_text))
    assert again.status_code == 302
    assert sorted(Appeal.objects.values_list("text", flat=True)) == sorted([TEXT, other_text])


def test_without_consent_nothing_is_written_and_the_text_is_kept(client, organisation):
    key = fresh_key(client, organisation)
    data = valid_data(key)
    del data["consent"]
    response = client.post(new_url(organisation), data)
    assert response.status_code == 200
    form = response.context["form"]
    message = "Без согласия на обработку персональных данных обращение не может быть отправлено."
    assert form.errors["consent"] == [message]
    html = response.content.decode()
    assert 'role="alert"' in html and message in html
    assert TEXT in html
    assert 'value="Смирнова"' in html
    assert f'value="{key}"' in html  # the same key: a corrected form is still one submission
    assert not Appeal.objects.exists() and not Author.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "author"),
    [
        ({"last_name": ""}, "last_name", {"last_name": ""}),
        ({"first_name": "  "}, "first_name", {"first_name": ""}),
        ({"email": "", "postal_address": ""}, "email", {"email": "", "postal_address": ""}),
        ({"email": "smirnova@@example"}, "email", {"email": "smirnova@@example"}),
    ],
)
def test_author_mistakes_are_shown_in_russian_as_the_service_says_them(client, organisation, overrides, field, author):
    key = fresh_key(client, organisation)
    response = client.post(new_url(organisation), valid_data(key, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [service_message(organisation, **author)]
    html = response.content.decode()
    assert f'<a href="#id_{field}">' in html  # the summary links to the input
    assert re.search(rf'name="{field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*id_{field}_error', html)
    assert f'id="id_{field}_error"' in html
    assert TEXT in html
    assert 'value="Викторовна"' in html
    assert not Appeal.objects.exists() and not Author.objects.exists()


def test_all_mistakes_are_listed_at_once(client, organisation):
    key = fresh_key(client, organisation)
    data = valid_data(key, last_name="", first_name="", email="", postal_address="", text="")
    del data["consent"]
    form = client.post(new_url(organisation), data).context["form"]
    assert set(form.errors) == {"last_name", "first_name", "email", "text", "consent"}
    assert form.errors["text"] == ["Напишите текст обращения."]


def test_an_exe_file_is_refused_with_the_service_message(client, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    key = fresh_key(client, organisation)
    upload = SimpleUploadedFile("программа.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(new_url(organisation), {**valid_data(key), "attachments": [upload]})
    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"]
    assert errors == [
        "Файл «программа.exe»: такой тип не принимается. Допустимы: "
        "doc, docx, jpeg, jpg, ods, odt, pdf, png, rtf, tif, tiff, txt, xls, xlsx, zip."
    ]
    html = response.content.decode()
    assert "приложите их ещё раз" in html
    assert TEXT in html
    assert not Appeal.objects.exists() and not Attachment.objects.exists()
    assert not any(tmp_path.rglob("*.exe"))


def test_a_pdf_is_stored_and_linked(client, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    key = fresh_key(client, organisation)
    content = pdf_bytes("Фото двора")
    files = [
        SimpleUploadedFile("фото-двора.pdf", content, content_type="application/pdf"),
        SimpleUploadedFile("ответ-управляющей-компании.txt", "Ответ УК".encode(), content_type="text/plain"),
    ]
    response = client.post(new_url(organisation), {**valid_data(key), "attachments": files})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    attachments = {item.name: item for item in appeal.attachments.all()}
    assert set(attachments) == {"фото-двора.pdf", "ответ-управляющей-компании.txt"}
    pdf = attachments["фото-двора.pdf"]
    assert (pdf.size, pdf.content_type) == (len(content), "application/pdf")
    stored = tmp_path / pdf.file.name
    assert stored.is_file() and stored.read_bytes() == content


def test_an_overlong_text_is_refused_by_the_service_next_to_the_text(client, organisation):
    key = fresh_key(client, organisation)
    response = client.post(new_url(organisation), valid_data(key, text="Очень длинное обращение. " * 2100))
    assert response.status_code == 200
    assert response.context["form"].errors["text"] == ["Текст длиннее 50000 знаков — приложите его файлом."]
    assert not Appeal.objects.exists()


def test_a_service_refusal_without_an_input_goes_to_the_top():
    form = AppealForm(valid_data("k"))
    assert form.is_valid(), form.errors
    form.add_service_error(
        ApplicationError("Через этот канал обращение регистрирует сотрудник органа.", field="channel")
    )
    form.add_service_error(ApplicationError("Проверьте адрес электронной почты.", field="author.email"))
    assert form.non_field_errors() == ["Через этот канал обращение регистрирует сотрудник органа."]
    assert form.errors["email"] == ["Проверьте адрес электронной почты."]


def test_the_confirmation_is_shown_only_to_the_browser_that_submitted(client, organisation):
    key = fresh_key(client, organisation)
    url = client.post(new_url(organisation), valid_data(key))["Location"]
    appeal = Appeal.objects.get()
    assert client.get(url).status_code == 200

    stranger = Client()
    assert stranger.get(url).status_code == 404
    # The stranger's own appeal does not open anyone else's page either.
    own = stranger.post(new_url(organisation), valid_data(fresh_key(stranger, organisation), text="Другой текст."))
    assert stranger.get(own["Location"]).status_code == 200
    assert stranger.get(url).status_code == 404
    # Nor does the right appeal under another body's address.
    other = OrganisationFactory(slug="drugoy-organ")
    assert client.get(reverse("portal:appeal_done", args=[other.slug, appeal.pk])).status_code == 404


def test_an_unknown_or_inactive_body_has_no_form(client, organisation):
    assert client.get("/o/net-takogo-organa/appeal/new/").status_code == 404
    assert client.post("/o/net-takogo-organa/appeal/new/", valid_data("k")).status_code == 404
    assert client.get("/o/net-takogo-organa/appeal/1/done/").status_code == 404
    closed = OrganisationFactory(slug="uprazdnyonnyy", is_active=False)
    assert client.get(new_url(closed)).status_code == 404
    assert not Appeal.objects.exists()
