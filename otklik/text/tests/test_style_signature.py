"""The signer sees the style warnings on the answer card before signing and may keep the text with a reason."""

import datetime as dt
import re
import zoneinfo

import lxml.html
import pytest
import time_machine

from otklik.appeals.answer_checks import answer_warning_override, answer_warnings
from otklik.appeals.choices import AnswerOutcome, IntakeChannel
from otklik.appeals.models import ClassifierNode
from otklik.appeals.services import answer_approve, answer_draft, appeal_register, appeal_take_on_control
from otklik.appeals.tests.factories import appeal_intake
from otklik.core.errors import ApplicationError, PermissionDeniedError
from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import UnitFactory, member
from otklik.text.models import StyleOverride

pytestmark = pytest.mark.django_db
MSK = zoneinfo.ZoneInfo("Europe/Moscow")
BAD = "Сообщаем, что данный вопрос взят на контроль."


@pytest.fixture
def people(organisation):
    unit = UnitFactory(organisation=organisation)
    executor = member(organisation, RoleCode.EXECUTOR, unit=unit)
    executor.phone, executor.email = "+7 (8722) 67-00-00", "ivanova@minprom.example.ru"
    executor.save()
    return {
        "controller": member(organisation, RoleCode.CONTROLLER),
        "executor": executor,
        "head": member(organisation, RoleCode.HEAD),
        "unit_head": member(organisation, RoleCode.UNIT_HEAD, unit=unit),
        "registrar": member(organisation, RoleCode.REGISTRAR),
    }


@pytest.fixture
def answer(organisation, people):
    node = ClassifierNode.objects.create(
        code="0003.0009.0099.0000", name="Лицензирование", level=3, section_code="0003", edition="t"
    )
    with time_machine.travel(dt.datetime(2026, 4, 1, 11, tzinfo=MSK), tick=False):
        appeal = appeal_register(
            actor=None,
            organisation=organisation,
            intake=appeal_intake(
                kind="appeal",
                channel=IntakeChannel.PORTAL,
                text="Прошу разъяснить порядок продления лицензии на заготовку лома.",
                author={"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"},
                questions=[{"classifier_code": node.code, "summary": "Продление лицензии"}],
            ),
        ).appeal
        appeal_take_on_control(actor=people["controller"], appeal=appeal, executor=people["executor"])
        draft = answer_draft(actor=people["executor"], appeal=appeal, text=BAD, outcome=AnswerOutcome.SOLVED)
        return answer_approve(actor=people["unit_head"], answer=draft)


def warnings_on_card(client, answer):
    html = client.get(f"/staff/appeals/{answer.appeal_id}/").content.decode()
    tree = lxml.html.fromstring(html)
    return [
        (item.get("data-rule"), re.sub(r"\s+", " ", item.text_content()))
        for item in tree.xpath('//*[@data-testid="answer-warning"]')
    ]


def test_the_signer_sees_the_warnings_and_keeps_the_text_with_a_reason(client, answer, people):
    assert [item.rule for item in answer_warnings(answer)] == ["no_restatement", "bureaucratese", "empty_formula"]
    client.force_login(people["head"])
    shown = warnings_on_card(client, answer)
    assert [rule for rule, _text in shown] == ["no_restatement", "bureaucratese", "empty_formula"]
    assert "Пустая формула" in shown[2][1] and "вопрос взят на контроль" in shown[2][1]

    url = f"/staff/appeals/{answer.appeal_id}/do/answer_override/"
    page = client.post(url, {"answer": answer.pk, "rule": "empty_formula", "reason": ""}, follow=True).content.decode()
    assert not StyleOverride.objects.exists()
    page = client.post(
        url, {"answer": answer.pk, "rule": "empty_formula", "reason": "Так требует регламент"}, follow=True
    ).content.decode()
    assert "Замечание снято, причина сохранена." in page
    client.post(url, {"answer": answer.pk, "rule": "empty_formula", "reason": "Ещё раз"}, follow=True)  # double submit
    override = StyleOverride.objects.get()
    assert (override.answer, override.rule, override.user, override.reason) == (
        answer,
        "empty_formula",
        people["head"],
        "Так требует регламент",
    )
    assert AuditEntry.objects.filter(action="text_style.overridden").count() == 1
    assert [rule for rule, _text in warnings_on_card(client, answer)] == ["no_restatement", "bureaucratese"]

    with time_machine.travel(dt.datetime(2026, 4, 20, 15, tzinfo=MSK), tick=False):
        page = client.post(
            f"/staff/appeals/{answer.appeal_id}/do/answer_sign/", {"answer": answer.pk}, follow=True
        ).content.decode()  # warnings never block the signature; the signer is told what was left
    assert "Ответ подписан, исх. №" in page and "Замечания по тексту (2) оставлены без причины." in page
    assert warnings_on_card(client, answer) == []  # a signed answer cannot change any more
    assert StyleOverride.objects.get().reason == "Так требует регламент"  # the override is kept


def test_only_the_executor_or_the_signer_may_override_and_only_a_known_rule(answer, people):
    with pytest.raises(PermissionDeniedError):
        answer_warning_override(actor=people["registrar"], answer=answer, rule="bureaucratese", reason="Так надо")
    with pytest.raises(ApplicationError, match="Неизвестное замечание"):
        answer_warning_override(actor=people["head"], answer=answer, rule="poetry", reason="Так надо")
    answer_warning_override(actor=people["executor"], answer=answer, rule="bureaucratese", reason="Термин закона")
    assert StyleOverride.objects.get().user == people["executor"]


def test_the_letter_uses_the_font_the_body_chose(answer, organisation):
    import io

    import docx

    from otklik.appeals.letters import letter_docx
    from otklik.text.style_services import style_settings_update

    def normal_font():
        return docx.Document(io.BytesIO(letter_docx(answer))).styles["Normal"].font.name

    assert normal_font() == "Times New Roman"
    style_settings_update(actor=None, organisation=organisation, long_sentence_words=30, letter_font="sans")
    assert normal_font() == "Arial"  # 000 §3.3: «легко читаемые шрифты без засечек»
