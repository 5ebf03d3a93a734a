"""Tests of the text room's mood and content kind (lexicon method)."""

from __future__ import annotations

import pytest

from otklik.appeals.choices import TypedGround
from otklik.text.mood import analyse


def test_praise_is_positive() -> None:
    result = analyse("Выражаю огромную благодарность сотрудникам отдела за внимательное и вежливое отношение. Спасибо!")
    assert result.mood == "positive"
    assert not result.suggest_ground_obscene


def test_neutral_question() -> None:
    result = analyse("Подскажите, пожалуйста, в какие часы работает приёмная министерства в декабре?")
    assert result.mood == "neutral"
    assert result.content_kind == "information_request"


def test_complaint_is_negative() -> None:
    result = analyse(
        "Пишу жалобу на бездействие управляющей компании: третий месяц в подъезде мусор, "
        "на мои заявления отвечают отказом, это нарушение моих прав."
    )
    assert result.mood == "negative"
    assert result.content_kind == "complaint"


def test_insults_are_aggressive_and_suggest_the_ground() -> None:
    result = analyse("Вы там все идиоты и сволочи, сколько можно ждать ответа!")
    assert result.mood == "aggressive"
    assert result.suggest_ground_obscene
    assert "идиоты" in result.insult_words
    assert result.suggested_ground == TypedGround.OBSCENE


def test_obscenity_is_aggressive_but_cloth_is_not() -> None:
    assert analyse("Да вы охренели совсем, бля, третий месяц ждём!").mood == "aggressive"
    assert analyse("Прошу выдать суконные одеяла для приюта.").mood != "aggressive"
    assert analyse("Спасибо за ответ.").suggested_ground == ""


def test_negation_flips_the_sign() -> None:
    assert analyse("Сотрудники сработали не плохо, всё сделали в срок.").mood == "positive"
    assert analyse("Ответ хороший.").mood == "positive"
    assert analyse("Ответ не хороший.").mood == "negative"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Предлагаю установить во дворе детскую площадку, это целесообразно.", "proposal"),
        ("Прошу выдать справку о составе семьи и оформить субсидию.", "application"),
        (
            "Прошу провести проверку магазина: у него нет лицензии на продажу алкоголя, нужен контрольный надзор.",
            "knd_matter",
        ),
        ("Служебная записка: коллеги, прошу подготовить приказ о поручении.", "internal"),
    ],
)
def test_content_kinds(text: str, kind: str) -> None:
    assert analyse(text).content_kind == kind


def test_out_of_competence_names_the_body() -> None:
    result = analyse("У меня украли телефон, участковый полиции не принимает заявление о краже.")
    assert result.content_kind == "out_of_competence"
    assert result.belongs_to == "МВД России"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Hello, this is an English letter only.", "\x00\x01\x02\x1f", "<script>alert(1)</script><b></b>"],
)
def test_bad_input_gives_an_empty_result(text: str) -> None:
    result = analyse(text)
    assert result.mood == "neutral"
    assert result.content_kind == ""
    assert not result.suggest_ground_obscene


def test_html_and_control_characters_are_ignored() -> None:
    result = analyse("<p>Спасибо\x00 за <b>отличную</b> работу!</p>")
    assert result.mood == "positive"


def test_one_megabyte_is_cut_not_fatal() -> None:
    result = analyse("Жалоба на бездействие. " * 50_000)
    assert result.mood == "negative"
    assert result.content_kind == "complaint"
