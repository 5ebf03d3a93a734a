"""Text similarity for repeats: word forms meet, stop words do not count, new arguments show as new lemmas."""

from otklik.text.similarity import content_lemmas, new_lemmas, similarity

GARBAGE = (
    "Прошу разъяснить, почему в нашем доме по улице Ленина, 5 уже третий месяц не вывозят мусор "
    "с контейнерной площадки. Управляющая компания на жалобы не отвечает."
)
GARBAGE_AGAIN = (
    "Снова прошу разобраться: мусор с контейнерной площадки у дома 5 по улице Ленина не вывозят, "
    "управляющая компания на жалобы не отвечает."
)
ROAD = "Прошу сообщить, когда отремонтируют дорогу на улице Ленина: в асфальте ямы, машины ломаются."


def test_stop_words_and_greetings_carry_no_substance():
    assert content_lemmas("Здравствуйте! Прошу разъяснить, пожалуйста, вопрос о мусоре.") == ["мусор"]


def test_the_same_complaint_in_other_words_is_alike_and_another_is_not():
    assert similarity(GARBAGE, GARBAGE_AGAIN) > 0.5
    assert similarity(GARBAGE, ROAD) < 0.2
    assert similarity(GARBAGE, GARBAGE) > 0.99
    assert similarity("", GARBAGE) == 0.0


def test_new_arguments_are_the_lemmas_no_earlier_text_used():
    assert new_lemmas(GARBAGE_AGAIN, [GARBAGE]) == []
    fresh = new_lemmas("Мусор у дома 5 не вывозят. Прилагаю акт жилищной инспекции.", [GARBAGE])
    assert fresh == ["прилагать", "акт", "жилищный", "инспекция"]
