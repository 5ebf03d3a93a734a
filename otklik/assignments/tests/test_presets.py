"""The preset's control section: Khabarovsk's schedule of the two-stage control; loading twice changes nothing."""

import pytest

from otklik.assignments.models import ControlSettings
from otklik.assignments.services import control_settings_update
from otklik.core.errors import ApplicationError
from otklik.orgs.presets import preset_load


@pytest.mark.django_db
def test_khabarovsk_control_schedule_loads_once():
    organisation, _changes = preset_load(slug="khabarovsk")
    row = ControlSettings.objects.get(organisation=organisation)
    assert (row.weekly_digest_weekday, row.weekly_digest_hour) == (0, 9)
    assert (row.final_control_weekday, row.final_control_hour) == (4, 15)
    assert preset_load(slug="khabarovsk")[1] == 0


@pytest.mark.django_db
def test_bad_control_settings_are_refused(organisation):
    with pytest.raises(ApplicationError, match="Недопустимое значение"):
        control_settings_update(actor=None, organisation=organisation, values={"weekly_digest_hour": 24})
    with pytest.raises(ApplicationError, match="Неизвестные настройки"):
        control_settings_update(actor=None, organisation=organisation, values={"weekly_hour": 9})
    assert not ControlSettings.objects.exists()
