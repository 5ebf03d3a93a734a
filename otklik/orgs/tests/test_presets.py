"""Presets load every seed body; a second load changes nothing; a broken file changes nothing either."""

import textwrap
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from otklik.core.models import AuditEntry
from otklik.orgs.choices import RoleCode
from otklik.orgs.models import Channel, Organisation, RoleDefinition, Unit
from otklik.orgs.presets import available_presets

SEED_BODIES = ["dagestan", "khabarovsk", "smolensk", "sverdlovsk"]


def _state() -> list[tuple]:
    return [
        tuple(Organisation.objects.order_by("slug").values_list()),
        tuple(Unit.objects.order_by("pk").values_list()),
        tuple(Channel.objects.order_by("pk").values_list()),
        tuple(RoleDefinition.objects.order_by("pk").values_list()),
        (AuditEntry.objects.count(),),
    ]


def test_every_seed_body_has_a_preset():
    assert set(SEED_BODIES) <= set(available_presets())


@pytest.mark.django_db
def test_presets_load_twice_without_change():
    out = StringIO()
    call_command("load_preset", "--all", stdout=out)
    first = _state()
    assert Organisation.objects.filter(slug__in=SEED_BODIES).count() == 4
    again = StringIO()
    call_command("load_preset", "--all", stdout=again)
    assert _state() == first
    assert all(line.endswith("— 0 changes") for line in again.getvalue().splitlines())


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SEED_BODIES)
def test_each_body_gets_every_role_units_and_channels(slug):
    call_command("load_preset", slug, stdout=StringIO())
    organisation = Organisation.objects.get(slug=slug)
    assert set(organisation.role_definitions.values_list("role__code", flat=True)) == set(RoleCode.values)
    assert organisation.units.exists()
    assert organisation.channels.filter(channel_type="site").exists()
    assert organisation.registry_publication_working_days == 10
    assert organisation.report_acceptance_working_days == 3


@pytest.mark.django_db
def test_a_broken_preset_is_refused_whole(tmp_path, settings):
    settings.PRESETS_DIR = tmp_path
    (tmp_path / "broken.yaml").write_text(
        textwrap.dedent(
            """
            organisation: {slug: broken, name: "Министерство", short_name: "М"}
            units:
              - {code: a, name: "Отдел А"}
              - {code: b, name: "Отдел Б", parent: nowhere}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="неизвестное вышестоящее nowhere"):
        call_command("load_preset", "broken", stdout=StringIO())
    assert not Organisation.objects.filter(slug="broken").exists()
    assert not Unit.objects.filter(code="a").exists()
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_preset_names_the_known_ones(tmp_path, settings):
    settings.PRESETS_DIR = tmp_path
    (tmp_path / "alpha.yaml").write_text("organisation: {slug: alpha, name: A, short_name: A}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Нет пресета «beta». Есть: alpha"):
        call_command("load_preset", "beta", stdout=StringIO())
