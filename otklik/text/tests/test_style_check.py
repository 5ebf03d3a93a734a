"""The pure style check (R-AP-11): every rule on a bad draft with its offsets, nothing on a clean human answer."""

import pytest

from otklik.text.style import RULES, StyleConfig, check, is_abbreviation

SALUTATION = "Уважаемый Иван Петрович!\n\n"
BAD = (
    SALUTATION
    + "Сообщаем, что данный вопрос взят на контроль. ВНИМАНИЕ: ваше обращение направлено в МФЦ по компетенции. "
    "Очевидно, ты невнимательно читал ФЗ.\n\n" + "Это слово " * 20 + "конец.\n\nС уважением, Петров"
)
APPEAL = "Прошу отремонтировать дорогу у дома на улице Ленина."
CLEAN = (
    "Уважаемая Анна Сергеевна!\n\n"
    "Вы спрашивали о ремонте дороги на улице Ленина. Ремонт начнётся 5 мая и закончится к 30 июня. "
    "Работы ведёт ООО «Дорстрой»; вопросы можно задать в МФЦ или по телефону 8 (8722) 67-00-00.\n\n"
    "С уважением,\nначальник отдела А. А. Магомедов"
)


def spans(findings, rule):
    return [(item.start, item.end) for item in findings if item.rule == rule]


def at(text, fragment, start=0):
    index = text.index(fragment, start)
    return (index, index + len(fragment))


def test_a_bad_draft_triggers_every_rule_with_its_offsets():
    long_text = BAD
    findings = check(long_text, appeal_text=APPEAL, kind="internal", settings=StyleConfig())
    # too_long needs more than two pages, and then the answer is no longer a bare forwarding notice: see below
    assert {item.rule for item in findings} == set(RULES) - {"too_long"}
    assert spans(findings, "forwarding_only") == [at(long_text, "направлено в МФЦ по компетенции")]
    assert spans(findings, "empty_formula") == [at(long_text, "вопрос взят на контроль")]
    assert spans(findings, "bureaucratese") == [at(long_text, "данный")]
    assert spans(findings, "caps_word") == [at(long_text, "ВНИМАНИЕ")]
    assert spans(findings, "rudeness") == [at(long_text, "Очевидно"), at(long_text, "ты")]
    assert spans(findings, "regards_after_salutation") == [at(long_text, "С уважением")]
    first = at(long_text, long_text[len(SALUTATION) : long_text.index("\n\n", len(SALUTATION))])
    assert spans(findings, "no_restatement") == [first]
    long_start = long_text.index("Это слово")
    assert spans(findings, "long_sentence") == [(long_start, long_text.index("конец.") + len("конец."))]
    for item in findings:
        assert item.message and item.message[0].isupper()  # Russian, for a person
    assert [item.start for item in findings] == sorted(item.start for item in findings)


def test_more_than_two_pages_of_the_blank_is_too_long():
    long_text = BAD + "\n\n" + "Дорога будет отремонтирована летом. " * 150
    findings = check(long_text, appeal_text=APPEAL, kind="internal", settings=StyleConfig())
    assert {item.rule for item in findings} == set(RULES) - {"forwarding_only"}
    (too_long,) = spans(findings, "too_long")
    assert too_long == (4700, len(long_text))  # serif: 2 × 2800 − 900 for the blank's head on the first page
    sans = check(long_text, settings=StyleConfig(font_kind="sans"))
    assert spans(sans, "too_long") == [(4100, len(long_text))]
    assert not spans(check("Короткий ответ. " * 200, settings=StyleConfig()), "too_long")
    assert not spans(check(long_text, kind="social", settings=StyleConfig()), "too_long")  # not printed on a blank


def test_forwarding_is_flagged_only_when_it_is_all_the_answer_says():
    short = "Ваше обращение направлено в Министерство строительства по компетенции."
    assert spans(check(short, settings=StyleConfig()), "forwarding_only") == [
        at(short, "направлено в Министерство строительства по компетенции")
    ]
    substantive = CLEAN + " Копия обращения направлена в Минстрой для рассмотрения." + " Подробности ремонта." * 80
    assert not spans(check(substantive, settings=StyleConfig()), "forwarding_only")


def test_a_clean_human_answer_has_no_findings():
    assert check(CLEAN, appeal_text="Когда отремонтируют дорогу на улице Ленина?", settings=StyleConfig()) == []


@pytest.mark.parametrize("word", ["ЕГАИС", "МФЦ", "ЖКХ", "РФ", "ФЗ", "ИНН", "ОГРН", "СНИЛС", "ГИБДД", "ООО", "XIV"])
def test_abbreviations_are_not_flagged(word):
    assert is_abbreviation(word)
    assert check(f"Справку выдают в {word} по месту жительства.", settings=StyleConfig()) == []


@pytest.mark.parametrize("word", ["ВНИМАНИЕ", "СРОЧНО", "НЕТ", "ОТКАЗАНО"])
def test_ordinary_words_in_capitals_are_flagged(word):
    assert spans(check(f"Ответ: {word} и точка.", settings=StyleConfig()), "caps_word") == [(7, 7 + len(word))]


def test_the_body_sets_the_sentence_length_and_its_own_bureaucratese():
    text = "Сообщаем, что заявка принята и будет исполнена в течение десяти рабочих дней с момента регистрации."
    assert check(text, settings=StyleConfig()) == []
    strict = StyleConfig(long_sentence_words=10, extra_bureaucratese=("сообщать", "в течение"))
    findings = check(text, settings=strict)
    assert spans(findings, "long_sentence") == [(0, len(text))]
    assert spans(findings, "bureaucratese") == [at(text, "Сообщаем"), at(text, "в течение")]


def test_regards_after_salutation_is_only_for_internal_documents():
    assert not spans(check(CLEAN, kind="appeal", settings=StyleConfig()), "regards_after_salutation")
    assert spans(check(CLEAN, kind="internal", settings=StyleConfig()), "regards_after_salutation") == [
        at(CLEAN, "С уважением")
    ]


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t", "<p>Данный <b>ВОПРОС</b></p><script>alert(1)</script>", "Текст\x00\x07\x1b[31m", "А" * 1_000_000],
)
def test_odd_input_gives_findings_or_nothing_never_an_error(text):
    findings = check(text, appeal_text=text, settings=StyleConfig())
    for item in findings:
        assert 0 <= item.start <= item.end <= len(text)


def test_hyphenated_capitals_and_familiar_pronouns_in_any_case():
    text = "Отчёт СЗВ-ТД принят. СРОЧНО-СРОЧНО! Тобой недовольны, твою справку потеряли."
    findings = check(text, settings=StyleConfig())
    assert spans(findings, "caps_word") == [at(text, "СРОЧНО"), at(text, "СРОЧНО", text.index("СРОЧНО") + 1)]
    assert spans(findings, "rudeness") == [at(text, "Тобой"), at(text, "твою")]


def test_personal_data_is_not_bureaucratese():
    assert check("Ваши персональные данные защищены. Данные о заявке переданы в МФЦ.", settings=StyleConfig()) == []
