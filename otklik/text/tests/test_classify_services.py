"""Retraining, the suggestions on the appeal card, a staff override with its reason, the API and the commands."""

import io
import json
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from otklik.appeals.classifier import classifier_import
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError
from otklik.core.models import AuditEntry
from otklik.core.sweeps import run_sweeps
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member
from otklik.text.classify_selectors import classifier_accuracy
from otklik.text.classify_services import classification_override_record, classifier_retrain, classify_text
from otklik.text.models import ClassificationOverride, ClassifierModel

TREE = Path("/work/shared/data/classifier/themes_tree_2025-10-31.json")
EVALUATION = Path(__file__).resolve().parent.parent / "evaluation" / "appeals.csv"
PRICES = "0001.0002.0025.0120"


@pytest.fixture
def trained(organisation):
    classifier_import(path=TREE)
    return classifier_retrain(organisation=organisation)


def register(organisation, text):
    return appeal_register(actor=None, organisation=organisation, intake=appeal_intake(text=text)).appeal


@pytest.mark.django_db
def test_retraining_makes_a_new_current_version_and_is_audited(trained, organisation):
    second = classifier_retrain(organisation=organisation)
    assert (trained.version, second.version) == (1, 2)
    assert list(ClassifierModel.objects.filter(is_current=True).values_list("version", flat=True)) == [2]
    assert AuditEntry.objects.filter(action="classifier_model.retrained").count() == 2


@pytest.mark.django_db
def test_retraining_without_a_classifier_is_refused_clearly(organisation):
    with pytest.raises(ApplicationError, match="классификатор не загружен"):
        classifier_retrain(organisation=organisation)
    assert not ClassifierModel.objects.exists()


@pytest.mark.django_db
def test_staff_see_suggestions_accept_one_and_must_give_a_reason_for_another(client, trained, organisation):
    appeal = register(organisation, "Прошу проверить цены на бензин на заправках, цены выросли.")
    executor = member(organisation, RoleCode.REGISTRAR)
    client.force_login(executor)
    html = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert "Предлагаемые темы" in html and PRICES in html and "Цены и ценообразование" in html

    other = "0003.0009.0102.0769"
    html = client.post(f"/staff/text/appeals/{appeal.pk}/theme/", {"chosen_code": other}, follow=True)
    assert "Укажите причину" in html.content.decode()
    assert not ClassificationOverride.objects.exists() and not appeal.questions.exists()

    html = client.post(f"/staff/text/appeals/{appeal.pk}/theme/", {"chosen_code": PRICES}, follow=True)
    assert "Тема обращения выбрана." in html.content.decode()
    client.post(f"/staff/text/appeals/{appeal.pk}/theme/", {"chosen_code": PRICES}, follow=True)  # double submit
    assert list(appeal.questions.values_list("classifier__code", flat=True)) == [PRICES]
    chosen = ClassificationOverride.objects.get()
    assert chosen.user == executor and chosen.model_version == 1 and chosen.suggested_codes[0]["code"] == PRICES

    client.post(f"/staff/text/appeals/{appeal.pk}/theme/", {"chosen_code": other, "reason": "Жалоба на магазин"})
    override = ClassificationOverride.objects.get(chosen_code=other)
    assert override.reason == "Жалоба на магазин"
    accuracy = classifier_accuracy(organisation=organisation)
    assert (accuracy.total, accuracy.top1) == (2, 1)


@pytest.mark.django_db
def test_an_unknown_code_is_refused_and_nothing_is_written(trained, organisation):
    appeal = register(organisation, "Прошу проверить цены на бензин.")
    executor = member(organisation, RoleCode.REGISTRAR)
    with pytest.raises(ApplicationError, match="Нет такой темы"):
        classification_override_record(actor=executor, appeal=appeal, chosen_code="9999.9999", reason="так")
    assert not ClassificationOverride.objects.exists() and not appeal.questions.exists()


@pytest.mark.django_db
def test_a_stranger_cannot_choose_a_theme(client, trained, organisation):
    appeal = register(organisation, "Прошу проверить цены на бензин.")
    client.force_login(member(organisation))
    response = client.post(f"/staff/text/appeals/{appeal.pk}/theme/", {"chosen_code": PRICES}, follow=True)
    assert not ClassificationOverride.objects.exists()
    assert response.status_code in (403, 404) or "Тема обращения выбрана." not in response.content.decode()


@pytest.mark.django_db
def test_confirmed_codes_of_past_appeals_are_learned(trained, organisation):
    executor = member(organisation, RoleCode.REGISTRAR)
    for _ in range(3):
        appeal = register(organisation, "Во дворе не горят фонари, темно по вечерам.")
        classification_override_record(actor=executor, appeal=appeal, chosen_code="0005.0005.0056.1164", reason="ЖКХ")
    assert classifier_retrain(organisation=organisation).trained_on == 3
    found = classify_text(organisation=organisation, text="Не горят фонари во дворе")
    assert found[0].code == "0005.0005.0056.1164"


@pytest.mark.django_db
def test_the_api_gives_the_classification(trained, organisation):
    appeal = register(organisation, "Не выплачивают пособие на ребенка третий месяц.")
    user = member(organisation, RoleCode.REGISTRAR)
    out = StringIO()
    call_command("create_api_token", user.username, stdout=out)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    data = api.get(f"/api/v1/appeals/{appeal.pk}/").json()["classification"]
    assert len(data["suggested_codes"]) == 5
    assert data["suggested_codes"][0]["code"].startswith("0002.")
    assert set(data) == {"suggested_codes", "mood", "content_kind", "priority", "rule"}
    assert data["mood"] in {"neutral", "negative", "positive", "aggressive"}  # from the mood part
    assert data["priority"] == appeal.priority and data["rule"] is None  # no routing rule applied


@pytest.mark.django_db
def test_the_classify_command_reads_stdin_and_prints_json_without_writing(trained, organisation, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Цены на бензин выросли".encode())))
    out = StringIO()
    before = AuditEntry.objects.count()
    call_command("classify", "--org", "testorg", stdout=out)
    result = json.loads(out.getvalue())
    assert result["suggested_codes"][0]["code"] == PRICES
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("raw", [b"", b"\xff\xfe\x00 bad bytes", b"English only", b"x" * 1_000_001])
def test_the_classify_command_handles_bad_input(trained, organisation, monkeypatch, raw):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = StringIO()
    if len(raw) > 1_000_000:
        with pytest.raises(CommandError, match="слишком длинный"):
            call_command("classify", "--org", "testorg", stdout=out)
        assert "error" in json.loads(out.getvalue())
    else:
        call_command("classify", "--org", "testorg", stdout=out)
        assert json.loads(out.getvalue())["suggested_codes"] == []


@pytest.mark.django_db
def test_the_evaluate_command_prints_accuracy_and_confusion(trained, organisation):
    out = StringIO()
    call_command("classifier_evaluate", "--org", "testorg", str(EVALUATION), stdout=out)
    text = out.getvalue()
    assert "top-1 leaf:" in text and "top-3 leaf:" in text and "confusion by section" in text


@pytest.mark.django_db
def test_the_weekly_sweep_retrains_bodies_without_a_fresh_model(organisation):
    classifier_import(path=TREE)
    runs = run_sweeps()
    assert any(run.name == "text-classifier-weekly-retrain" for run in runs)
    assert ClassifierModel.objects.filter(organisation=organisation, is_current=True).exists()


@pytest.mark.django_db
def test_the_registration_form_suggests_themes_for_the_typed_text(client, trained, organisation):
    client.force_login(member(organisation, RoleCode.REGISTRAR))
    page = client.get("/staff/appeals/new/").content.decode()
    assert 'id="suggested-themes-register"' in page and "/staff/appeals/themes/" in page
    html = client.get("/staff/appeals/themes/", {"text": "Не выплачивают пособие на ребенка"}).content.decode()
    assert "Предлагаемые темы" in html and html.count("<li>") == 5 and "0002." in html
    assert "Предлагаемые темы" not in client.get("/staff/appeals/themes/", {"text": ""}).content.decode()


@pytest.mark.django_db
def test_the_admin_shows_each_version_with_the_accuracy_of_the_current_one(admin_client, trained, organisation):
    appeal = register(organisation, "Прошу проверить цены на бензин на заправках, цены выросли.")
    classification_override_record(actor=member(organisation, RoleCode.REGISTRAR), appeal=appeal, chosen_code=PRICES)
    page = admin_client.get("/admin/text/classifiermodel/").content.decode()
    assert "100% / 100% из 1" in page
    assert admin_client.get("/admin/text/classifiermodel/add/").status_code == 403
    assert admin_client.get("/admin/text/classificationoverride/").status_code == 200


@pytest.mark.django_db
def test_accepting_a_suggestion_on_the_registration_form_adds_its_code_once(client, trained, organisation):
    client.force_login(member(organisation, RoleCode.REGISTRAR))
    html = client.get("/staff/appeals/themes/", {"text": "Цены на бензин выросли"}).content.decode()
    assert f"/staff/appeals/themes/add/?code={PRICES}" in html
    added = client.get("/staff/appeals/themes/add/", {"code": PRICES, "classifier_codes": "0002.0004.0051.0240"})
    assert f'value="0002.0004.0051.0240 {PRICES}"' in added.content.decode()
    again = client.get("/staff/appeals/themes/add/", {"code": PRICES, "classifier_codes": PRICES})
    assert f'value="{PRICES}"' in again.content.decode()
