"""The memo about a breached deadline (003 §11.5.1) names the signer the body configured, never another body's unit."""

import datetime as dt
import io

import pytest
from docx import Document

from otklik.assignments.documents import breach_memo_docx
from otklik.assignments.models import ControlSettings
from otklik.assignments.services import AssignmentSpec, control_settings_update, resolution_create
from otklik.orgs.presets import preset_load

from .conftest import at

SVERDLOVSK_UNIT = "отдела государственной службы, кадров, правовой и организационной работы"
SIGNER = "Начальник отдела по работе с обращениями граждан"


def _memo_text(organisation, people, appeal) -> str:
    with at(2026, 4, 21):
        resolution = resolution_create(
            actor=people["deputy"], organisation=organisation, appeal=appeal, text="Подготовить ответ",
            assignments=[AssignmentSpec(executor=people["executor"], due_date=dt.date(2026, 5, 8))],
        )  # fmt: skip
    content = breach_memo_docx(resolution.assignments.get(), today=dt.date(2026, 5, 12), specialist=people["registrar"])
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs)


@pytest.mark.django_db
def test_the_memo_of_another_body_names_its_own_signer(organisation, people, appeal):
    control_settings_update(actor=None, organisation=organisation, values={"breach_memo_signer": SIGNER})
    text = _memo_text(organisation, people, appeal)
    assert "СЛУЖЕБНАЯ ЗАПИСКА" in text and "Тестовое министерство" in text
    assert SIGNER in text
    assert SVERDLOVSK_UNIT not in text


@pytest.mark.django_db
def test_without_a_configured_signer_the_memo_uses_a_neutral_wording(organisation, people, appeal):
    text = _memo_text(organisation, people, appeal)
    assert "Должностное лицо, ответственное за контроль исполнения поручений" in text
    assert SVERDLOVSK_UNIT not in text
    assert "Министр" not in text.replace("Тестовое министерство", "")


@pytest.mark.django_db
def test_the_sverdlovsk_preset_sets_the_signer_of_its_act():
    organisation, _changes = preset_load(slug="sverdlovsk")
    row = ControlSettings.objects.get(organisation=organisation)
    assert row.breach_memo_signer == (  # 003 §11.5.1
        "Начальник отдела государственной службы, кадров, правовой и организационной работы"
    )
    assert (row.weekly_digest_weekday, row.final_control_weekday) == (0, 4)  # the defaults stay


@pytest.mark.django_db
def test_a_signer_longer_than_the_column_is_refused(organisation):
    from otklik.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="не длиннее 300 знаков"):
        control_settings_update(actor=None, organisation=organisation, values={"breach_memo_signer": "Н" * 301})
    assert not ControlSettings.objects.exists()
