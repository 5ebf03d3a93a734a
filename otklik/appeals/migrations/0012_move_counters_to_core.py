"""Copy the yearly registration counters to core's shared counter (every room numbers through core.numbering)."""

from django.db import migrations


def copy_forward(apps, schema_editor):
    old = apps.get_model("appeals", "RegistrationCounter")
    new = apps.get_model("core", "NumberCounter")
    new.objects.bulk_create(
        [new(organisation_id=row.organisation_id, year=row.year, kind=row.kind, last=row.last) for row in old.objects.all()]
    )


def copy_back(apps, schema_editor):
    old = apps.get_model("appeals", "RegistrationCounter")
    new = apps.get_model("core", "NumberCounter")
    old.objects.bulk_create(
        [old(organisation_id=row.organisation_id, year=row.year, kind=row.kind[:10], last=row.last) for row in new.objects.all()]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0011_author_history_index"),
        ("core", "0003_number_counter"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
