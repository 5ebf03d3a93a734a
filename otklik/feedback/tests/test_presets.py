"""Presets: the Dagestan satisfaction survey and the staff survey for every body; loading twice changes nothing."""

import pytest

from otklik.core.models import AuditEntry
from otklik.feedback.models import Survey
from otklik.feedback.services import specs_of
from otklik.orgs.presets import available_presets, preset_load

pytestmark = pytest.mark.django_db


def test_dagestan_gets_its_surveys_and_a_rerun_changes_nothing():
    organisation, _changes = preset_load(slug="dagestan")
    knm = Survey.objects.get(organisation=organisation, code="knm-satisfaction")
    staff = Survey.objects.get(organisation=organisation, code="staff-survey")
    assert knm.is_anonymous and "141-ОД" in knm.source
    kinds = {spec.kind for spec in specs_of(knm.current_version)}
    assert kinds == {"single", "rating", "matrix", "text"}
    dimensions = [spec.dimension for spec in specs_of(staff.current_version) if spec.dimension]
    assert len(dimensions) == 8 and staff.audience == "staff" and staff.is_anonymous
    audit_rows = AuditEntry.objects.count()
    assert preset_load(slug="dagestan")[1] == 0
    assert AuditEntry.objects.count() == audit_rows
    assert Survey.objects.filter(organisation=organisation).count() == 2


def test_every_preset_ships_the_staff_survey():
    for slug in available_presets():
        organisation, _changes = preset_load(slug=slug)
        assert Survey.objects.filter(organisation=organisation, code="staff-survey").exists(), slug


def test_the_command_installs_the_staff_survey_once(organisation):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("install_staff_survey", stdout=out)
    call_command("install_staff_survey", organisation.slug, stdout=out)
    assert out.getvalue().splitlines()[-1] == f"{organisation.slug}: unchanged"
    assert Survey.objects.filter(organisation=organisation, code="staff-survey").count() == 1
