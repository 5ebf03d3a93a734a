"""The preset section `style:` sets a body's style settings once; a second load changes nothing; bad data is refused."""

import pytest
import yaml

from otklik.core.errors import ApplicationError
from otklik.orgs.presets import PresetContext, preset_load
from otklik.text.models import StyleSettings
from otklik.text.style_presets import load_style
from otklik.text.style_services import style_config

pytestmark = pytest.mark.django_db


def test_dagestan_letters_are_sans_serif_and_a_second_load_changes_nothing():
    organisation, _changes = preset_load(slug="dagestan")
    row = StyleSettings.objects.get(organisation=organisation)
    assert (row.letter_font, row.long_sentence_words) == ("sans", 30)
    assert style_config(organisation).font_kind == "sans"
    assert preset_load(slug="dagestan")[1] == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"colour": "red"}, "Неизвестные поля"),
        ({"extra_bureaucratese": "данный"}, "нужен список"),
        ({"long_sentence_words": "тридцать"}, "целое число"),
        ({"long_sentence_words": 2}, "от 5 до 200"),
        ({"letter_font": "comic"}, "шрифт"),
    ],
)
def test_bad_style_sections_are_refused(organisation, data, message):
    with pytest.raises(ApplicationError, match=message):
        load_style(PresetContext(organisation=organisation, actor=None), yaml.safe_load(yaml.safe_dump(data)))
    assert not StyleSettings.objects.exists()
