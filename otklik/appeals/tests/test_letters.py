"""The answer letter on the organisation's blank, read back from the DOCX and the PDF as a person would."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine

from otklik.appeals.choices import AnswerKind, AnswerOutcome, IntakeChannel
from otklik.appeals.letters import gender, letter_docx, letter_pdf, salutation
from otklik.appeals.models import Author
from otklik.appeals.services import (
    answer_approve,
    answer_draft,
    answer_sign,
    appeal_register,
    appeal_take_on_control,
)
from otklik.appeals.tests.factories import appeal_intake
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Membership
from otklik.orgs.tests.factories import UnitFactory, UserFactory, member

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
TEXT = (
    "Ваше обращение о продлении лицензии на заготовку лома рассмотрено.\n\n"
    "Для продления лицензии подайте заявление через портал госуслуг.\n"
    "Срок рассмотрения заявления — 10 рабочих дней."
)


@pytest.fixture
def organisation(organisation):
    organisation.name = "Министерство промышленности и торговли Республики Дагестан"
    organisation.address = "367000, г. Махачкала, ул. Ленина, д. 1"
    organisation.phone = "+7 (8722) 67-00-01"
    organisation.email = "minprom@e-dag.ru"
    organisation.website = "https://minprom.e-dag.ru/"
    organisation.save()
    return organisation


@pytest.fixture
def people(organisation):
    unit = UnitFactory(organisation=organisation, name="отдел лицензирования")
    executor = member(organisation, RoleCode.EXECUTOR, unit=unit)
    executor.phone, executor.email = "+7 (8722) 67-00-00", "ivanova@minprom.example.ru"
    executor.save()
    Membership.objects.filter(user=executor).update(position="консультант")
    head = member(
        organisation, RoleCode.HEAD, user=UserFactory(last_name="Алиев", first_name="Руслан", middle_name="Магомедович")
    )
    Membership.objects.filter(user=head).update(position="Министр")
    return {
        "controller": member(organisation, RoleCode.CONTROLLER),
        "executor": executor,
        "head": head,
        "unit_head": member(organisation, RoleCode.UNIT_HEAD, unit=unit),  # the executor's: the appeal is this unit's
        "registrar": member(organisation, RoleCode.REGISTRAR),
    }


def _appeal(organisation, people, **extra):
    with time_machine.travel(dt.datetime(2026, 4, 1, 11, tzinfo=MSK), tick=False):
        appeal = appeal_register(
            actor=people["registrar"],
            organisation=organisation,
            intake=appeal_intake(
                kind="appeal",
                channel=extra.pop("channel", IntakeChannel.PORTAL),
                text="Прошу разъяснить порядок продления лицензии на заготовку лома.",
                author=extra.pop(
                    "author",
                    {
                        "last_name": "Петрова",
                        "first_name": "Анна",
                        "middle_name": "Сергеевна",
                        "email": "petrova@example.org",
                    },
                ),
                **extra,
            ),
        ).appeal
    appeal_take_on_control(actor=people["controller"], appeal=appeal, executor=people["executor"])
    return appeal


def _signed(people, answer):
    # «For official use» is closed to the unit head (need-to-know): its controller approves instead.
    approver = people["controller"] if answer.appeal.for_official_use else people["unit_head"]
    answer = answer_approve(actor=approver, answer=answer)
    with time_machine.travel(dt.datetime(2026, 4, 20, 15, tzinfo=MSK), tick=False):
        return answer_sign(actor=people["head"], answer=answer)


def docx_text(data: bytes) -> list[str]:
    """Every paragraph a reader sees: headers, the blank's table, the body and the executor's frame."""
    from docx import Document

    document = Document(io.BytesIO(data))
    section = document.sections[0]
    texts = [p.text for header in (section.first_page_header, section.header) for p in header.paragraphs]
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            texts += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            texts.append(block.text)
    return [text for text in texts if text.strip()]


def pdf_text(data: bytes) -> tuple[str, list]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader.pages


@pytest.mark.django_db
def test_the_signed_final_answer_as_docx_and_pdf(organisation, people):
    appeal = _appeal(organisation, people)
    answer = answer_draft(
        actor=people["executor"],
        appeal=appeal,
        text=TEXT,
        outcome=AnswerOutcome.WILL_BE_SOLVED,
        solve_by=dt.date(2026, 5, 15),
    )
    answer = _signed(people, answer)

    from docx import Document

    data = letter_docx(answer)
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(section.left_margin.cm, 1), round(section.right_margin.cm, 1)) == (3.0, 2.0)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14
    texts = docx_text(data)
    joined = "\n".join(texts)
    assert "МИНИСТЕРСТВО ПРОМЫШЛЕННОСТИ И ТОРГОВЛИ РЕСПУБЛИКИ ДАГЕСТАН" in texts
    assert (
        "367000, г. Махачкала, ул. Ленина, д. 1\nтел. +7 (8722) 67-00-01\ne-mail: minprom@e-dag.ru\nminprom.e-dag.ru"
        in texts
    )
    assert f"№ 1-исх/26 от 20.04.2026\nНа № {appeal.number} от 01.04.2026" in texts
    assert "Петрова А. С.\npetrova@example.org" in texts
    assert "Уважаемая Анна Сергеевна!" in texts
    assert "Ваше обращение о продлении лицензии на заготовку лома рассмотрено." in texts
    assert (
        "Для продления лицензии подайте заявление через портал госуслуг.\nСрок рассмотрения заявления — 10 рабочих дней."
        in texts
    )
    assert "По результатам рассмотрения Вашего обращения вопрос будет решён в срок до 15.05.2026." in texts
    assert texts[-3:-1] == ["Министр", "Р. М. Алиев"]
    assert texts[-1] == (
        "Исполнитель: Иванова Мария Петровна,\nотдел лицензирования, консультант\n"
        "+7 (8722) 67-00-00, ivanova@minprom.example.ru"
    )
    assert "ПРОЕКТ" not in joined and "Для служебного пользования" not in joined
    frame = document.paragraphs[-1]._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}framePr")
    assert (
        frame is not None
        and frame.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}yAlign") == "bottom"
    )  # the mark sits in the bottom-left corner of the last page

    text, pages = pdf_text(letter_pdf(answer))
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait, in points
    for fragment in (
        "МИНИСТЕРСТВО ПРОМЫШЛЕННОСТИ И ТОРГОВЛИ РЕСПУБЛИКИ ДАГЕСТАН",
        "тел. +7 (8722) 67-00-01",
        "№ 1-исх/26 от 20.04.2026",
        f"На № {appeal.number} от 01.04.2026",
        "Петрова А. С.",
        "Уважаемая Анна Сергеевна!",
        "Срок рассмотрения заявления — 10 рабочих дней.",
        "вопрос будет решён в срок до 15.05.2026.",
        "Министр Р. М. Алиев",
        "Исполнитель: Иванова Мария Петровна, отдел лицензирования, консультант +7 (8722) 67-00-00, "
        "ivanova@minprom.example.ru",
    ):
        assert fragment in text, fragment
    assert "ПРОЕКТ" not in text
    assert text.index("Министр") < text.index("Исполнитель:")


@pytest.mark.django_db
def test_a_draft_has_the_marker_and_no_number(organisation, people):
    appeal = _appeal(
        organisation, people, author={"last_name": "Петров", "first_name": "Никита", "email": "n@example.org"}
    )
    answer = answer_draft(actor=people["executor"], appeal=appeal, text=TEXT, outcome=AnswerOutcome.SOLVED)

    texts = docx_text(letter_docx(answer))
    assert "ПРОЕКТ" in texts
    assert f"№ ___________ от ___________\nНа № {appeal.number} от 01.04.2026" in texts
    assert "Уважаемый(ая) Никита!" in texts
    assert "По результатам рассмотрения Вашего обращения вопрос решён." in texts
    assert "Должностное лицо" in texts and not any("исх" in text for text in texts)

    text, _pages = pdf_text(letter_pdf(answer))
    assert "ПРОЕКТ" in text and "№ ___________ от ___________" in text
    assert "исх" not in text and "Должностное лицо" in text


@pytest.mark.django_db
def test_for_official_use_is_printed_above_the_addressee(organisation, people):
    appeal = _appeal(
        organisation,
        people,
        channel=IntakeChannel.POST,
        author={
            "last_name": "Иванов",
            "first_name": "Олег",
            "postal_address": "367000, Махачкала, ул. Гагарина, д. 5, кв. 7",
            "email": "ivanov@example.org",
        },
        for_official_use=True,
    )
    answer = answer_draft(
        actor=people["executor"], appeal=appeal, kind=AnswerKind.INTERIM, text="Ваше обращение рассматривается."
    )
    answer = _signed(people, answer)

    texts = docx_text(letter_docx(answer))
    assert "Для служебного пользования" in texts
    assert "Иванов О.\n367000, Махачкала, ул. Гагарина, д. 5, кв. 7" in texts  # by registered post: the postal address
    assert "Уважаемый Олег!" in texts
    assert not any("По результатам рассмотрения" in text for text in texts)  # an interim answer states no outcome

    text, _pages = pdf_text(letter_pdf(answer))
    assert text.index("Для служебного пользования") < text.index("Иванов О.")
    assert "ул. Гагарина, д. 5, кв. 7" in text and "ivanov@example.org" not in text


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (("Петрова", "Анна", "Сергеевна"), "Уважаемая Анна Сергеевна!"),
        (("Петрова", "Анна", ""), "Уважаемая Анна!"),
        (("Алиев", "Руслан", "Магомедович"), "Уважаемый Руслан Магомедович!"),
        (("Мамедов", "Эльдар", "Гасан оглы"), "Уважаемый Эльдар Гасан оглы!"),
        (("Кузьмина", "Любовь", ""), "Уважаемый(ая) Любовь!"),
        (("Петров", "Никита", ""), "Уважаемый(ая) Никита!"),
        (("Ким", "Саша", ""), "Уважаемый(ая) Саша!"),
        (("Ким", "", ""), ""),
    ],
)
def test_the_salutation_takes_the_form_only_when_it_is_certain(names, expected):
    last, first, middle = names
    author = Author(last_name=last, first_name=first, middle_name=middle)
    assert salutation(author) == expected
    assert gender(author) in ("f", "m", None)
