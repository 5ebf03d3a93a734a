from otklik.text.lemmas import lemmas, words


def test_word_forms_meet_in_one_lemma():
    assert lemmas("Обращениями граждан, обращение гражданина") == ["обращение", "гражданин", "обращение", "гражданин"]


def test_words_keep_their_offsets_and_hyphens():
    text = "Контакт-центр, 12 звонков"
    assert words(text) == [("Контакт-центр", 0, 13), ("12", 15, 17), ("звонков", 18, 25)]
