"""Data: store each appeal's governing date and each question's classifier section."""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    Question = apps.get_model("appeals", "Question")
    ClassifierNode = apps.get_model("appeals", "ClassifierNode")
    Appeal.objects.filter(governing_due_date__isnull=True).update(
        governing_due_date=Coalesce("extended_due_date", "due_date")
    )
    Question.objects.filter(classifier__isnull=False).update(
        section_code=Subquery(ClassifierNode.objects.filter(pk=OuterRef("classifier_id")).values("section_code")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("appeals", "0003_stored_governing_date")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
