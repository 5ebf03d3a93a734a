"""The card's consideration actions: control, questions with the picker, answer steps, letters and closing."""

import io

import pytest
from django.core import mail
from docx import Document

from otklik.appeals.choices import AppealStatus, IntakeChannel
from otklik.appeals.models import ClassifierNode
from otklik.appeals.services import appeal_register
from otklik.appeals.tests.factories import appeal_intake
from otklik.orgs.choices import RoleCode
from otklik.orgs.tests.factories import member


@pytest.fixture
def setup(organisation):
    ClassifierNode.objects.create(
        code="0003.0009.0099.0001", name="Лицензирование заготовки лома", level=4, section_code="0003", edition="t"
    )
    appeal = appeal_register(
        actor=None,
        organisation=organisation,
        intake=appeal_intake(
            kind="appeal",
            channel=IntakeChannel.PORTAL,
            text="Прошу разъяснить…",
            author={
                "last_name": "Петрова",
                "first_name": "Анна",
                "middle_name": "Сергеевна",
                "email": "petrova@example.org",
            },
        ),
    ).appeal
    executor = member(organisation, RoleCode.EXECUTOR)
    executor.phone, executor.email = "+7 (8722) 67-00-00", "ivanova@minprom.example.ru"
    executor.save()
    return appeal, {
        "controller": member(organisation, RoleCode.CONTROLLER),
        "executor": executor,
        "head": member(organisation, RoleCode.HEAD, RoleCode.UNIT_HEAD),
    }


def act(client, appeal, name, data=None):
    return client.post(f"/staff/appeals/{appeal.pk}/do/{name}/", data or {}, follow=True).content.decode()


@pytest.mark.django_db
def test_the_card_walks_an_appeal_to_closing(client, setup, django_capture_on_commit_callbacks):
    appeal, people = setup
    client.force_login(people["controller"])
    html = act(client, appeal, "control", {"executor": people["executor"].pk})
    assert "Обращение на контроле; исполнитель:" in html

    client.force_login(people["executor"])
    picker = client.get("/staff/appeals/classifier/", {"classifier_code": "лом"}).content.decode()
    assert '<option value="0003.0009.0099.0001">' in picker
    assert "Добавлен вопрос 1." in act(client, appeal, "question_add", {"classifier_code": "0003.0009.0099.0001"})
    html = act(client, appeal, "answer_draft", {"kind": "final", "text": "Разъясняем…"})
    assert "Укажите итог" in html and "Разъясняем…" in html  # refused, and the typed text is kept
    assert "Проект ответа подготовлен" in act(
        client, appeal, "answer_draft", {"kind": "final", "text": "Разъясняем…", "outcome": "solved"}
    )
    answer = appeal.answers.get()

    client.force_login(people["head"])
    act(client, appeal, "answer_approve", {"answer": answer.pk})
    assert "Ответ подписан, исх. № 1-исх/" in act(client, appeal, "answer_sign", {"answer": answer.pk})
    letter = client.get(f"/staff/appeals/{appeal.pk}/answers/{answer.pk}/letter.docx")
    texts = [p.text for p in Document(io.BytesIO(letter.content)).paragraphs]
    assert any(text.startswith("Уважаемая Анна Сергеевна") for text in texts)

    client.force_login(people["executor"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, appeal, "answer_send", {"answer": answer.pk})
    assert [m.to for m in mail.outbox] == [["petrova@example.org"]]
    question = appeal.questions.get()
    act(client, appeal, "question_result", {"question": question.pk, "result": "explained"})

    client.force_login(people["head"])
    html = client.get(f"/staff/appeals/{appeal.pk}/").content.decode()
    assert "Завершить рассмотрение" not in html  # only the official who put it on control
    client.force_login(people["controller"])
    assert "Рассмотрение обращения завершено." in act(client, appeal, "close")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED


@pytest.mark.django_db
def test_unknown_actions_and_strangers_get_404(client, setup):
    appeal, people = setup
    client.force_login(people["executor"])
    assert client.post(f"/staff/appeals/{appeal.pk}/do/delete/").status_code == 404
    from otklik.orgs.tests.factories import OrganisationFactory

    client.force_login(member(OrganisationFactory(), RoleCode.CONTROLLER))
    assert client.post(f"/staff/appeals/{appeal.pk}/do/close/").status_code == 404
    assert client.get(f"/staff/appeals/{appeal.pk}/answers/1/letter.pdf").status_code == 404
