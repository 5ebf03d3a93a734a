"""Fill the new section codes of the appeals registered before the field existed, from their questions."""

from itertools import groupby

from django.db import migrations

BATCH = 2000


def fill(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    Question = apps.get_model("appeals", "Question")
    rows = Question.objects.exclude(section_code="").order_by("appeal_id").values_list("appeal_id", "section_code")
    batch = []
    for appeal_id, group in groupby(rows.iterator(chunk_size=BATCH), key=lambda row: row[0]):
        batch.append(Appeal(pk=appeal_id, section_codes=" ".join(sorted({code for _, code in group}))))
        if len(batch) >= BATCH:
            Appeal.objects.bulk_update(batch, ["section_codes"])
            batch = []
    if batch:
        Appeal.objects.bulk_update(batch, ["section_codes"])


class Migration(migrations.Migration):
    dependencies = [("appeals", "0007_appeal_section_codes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
