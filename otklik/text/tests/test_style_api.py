"""POST /api/v1/text/style-check/: findings for a body's staff under its settings; bad input → 400, others → 404."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import OrganisationFactory, member
from otklik.text.models import StyleSettings
from otklik.text.style_services import style_settings_update

pytestmark = pytest.mark.django_db
URL = "/api/v1/text/style-check/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def staff(organisation):
    return client_for(member(organisation, RoleCode.EXECUTOR))


def test_staff_get_the_findings_with_offsets(staff):
    text = "Данный вопрос взят на контроль."
    response = staff.post(URL, {"text": text, "organization": "testorg"}, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "findings": [
            {"rule": "bureaucratese", "start": 0, "end": 6, "message": "Канцелярит: «Данный» — скажите проще."},
            {
                "rule": "empty_formula",
                "start": 7,
                "end": 30,
                "message": "Пустая формула без конкретики: скажите, что именно сделано и когда.",
            },
        ]
    }
    clean = staff.post(URL, {"text": "Ремонт начнётся 5 мая.", "organization": "testorg"}, format="json")
    assert clean.json() == {"findings": []}


def test_the_body_settings_apply_and_are_audited(organisation, staff):
    text = "Справку выдают в течение трёх дней в отделении на улице Ленина."
    assert staff.post(URL, {"text": text, "organization": "testorg"}, format="json").json()["findings"] == []
    style_settings_update(
        actor=None, organisation=organisation, long_sentence_words=5, extra_bureaucratese="справка\n  \n"
    )
    rules = [
        item["rule"]
        for item in staff.post(URL, {"text": text, "organization": "testorg"}, format="json").json()["findings"]
    ]
    assert rules == ["bureaucratese", "long_sentence"]
    assert StyleSettings.objects.get(organisation=organisation).extra_bureaucratese == "справка"
    assert AuditEntry.objects.filter(action="text_style.settings_changed").count() == 1


def test_bad_settings_are_refused_with_nothing_written(organisation):
    from otklik.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="от 5 до 200"):
        style_settings_update(actor=None, organisation=organisation, long_sentence_words=1)
    with pytest.raises(ApplicationError, match="шрифт"):
        style_settings_update(actor=None, organisation=organisation, long_sentence_words=30, letter_font="comic")
    assert not StyleSettings.objects.exists()


def test_appeal_text_and_kind_are_used(staff):
    body = {
        "text": "Уважаемый Пётр Ильич!\n\nПрошу подготовить отчёт.\n\nС уважением",
        "appeal_text": "Когда будет готов отчёт о ремонте?",
        "organization": "testorg",
        "kind": "internal",
    }
    rules = [item["rule"] for item in staff.post(URL, body, format="json").json()["findings"]]
    assert rules == ["no_restatement", "regards_after_salutation"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "", "organization": "testorg"}, "text"),
        ({"organization": "testorg"}, "text"),
        ({"text": "А" * 1_000_000, "organization": "testorg"}, "text"),
        ({"text": "Текст\x07\x1b[31m", "organization": "testorg"}, "text"),
        ({"text": "Текст\x00", "organization": "testorg"}, "text"),
        ({"text": "Текст", "organization": "testorg", "kind": "poem"}, "kind"),
        ({"text": "Текст", "organization": "не slug"}, "organization"),
        ({"text": ["список"], "organization": "testorg"}, "text"),
    ],
)
def test_bad_input_is_a_400_in_the_api_format(staff, body, field):
    response = staff.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert response.json()["errors"][0]["message"]


def test_html_is_checked_as_text_not_refused(staff):
    response = staff.post(URL, {"text": "<p>Данный <b>ВОПРОС</b></p>", "organization": "testorg"}, format="json")
    assert response.status_code == 200
    assert [item["rule"] for item in response.json()["findings"]] == ["bureaucratese", "caps_word"]


def test_another_body_and_anonymous_callers_learn_nothing(organisation):
    other = OrganisationFactory(slug="minfin")
    outsider = client_for(member(other, RoleCode.HEAD))
    response = outsider.post(URL, {"text": "Данный текст", "organization": "testorg"}, format="json")
    assert response.status_code == 404
    assert "findings" not in response.json()
    assert APIClient().post(URL, {"text": "Данный текст", "organization": "testorg"}, format="json").status_code in (
        401,
        403,
    )


def test_the_admin_saves_settings_through_the_service(organisation, admin_client):
    url = "/admin/text/stylesettings/add/"
    bad = admin_client.post(url, {"organisation": organisation.pk, "long_sentence_words": 2, "letter_font": "sans"})
    assert "от 5 до 200" in bad.content.decode()
    assert not StyleSettings.objects.exists()
    admin_client.post(
        url,
        {
            "organisation": organisation.pk,
            "long_sentence_words": 20,
            "letter_font": "sans",
            "extra_bureaucratese": "сей",
        },
    )
    row = StyleSettings.objects.get()
    assert (row.long_sentence_words, row.letter_font, row.extra_bureaucratese) == (20, "sans", "сей")
    assert AuditEntry.objects.filter(action="text_style.settings_changed").count() == 1
