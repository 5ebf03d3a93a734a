"""Every seed body's registry is loaded from its act as published version 1."""

from io import StringIO

import pytest
from django.core.management import call_command

from otklik.touchpoints.models import RegistryVersion
from otklik.touchpoints.snapshots import template_rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "processes", "touchpoints"),
    [("smolensk", 5, 19), ("dagestan", 2, 16), ("sverdlovsk", 6, 26), ("khabarovsk", 5, 40)],
)
def test_preset_registry_is_published_version_one(slug, processes, touchpoints):
    call_command("load_preset", slug, stdout=StringIO())
    call_command("load_preset", slug, stdout=StringIO())
    version = RegistryVersion.objects.get(organisation__slug=slug)
    assert version.number == 1 and version.published_at is not None and version.reasons == ["initial"]
    assert len(version.snapshot["processes"]) == processes
    assert len(template_rows(version.snapshot)) == touchpoints
    assert version.snapshot["approval"]
