"""Schema: every appeal has its governing date."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("appeals", "0004_fill_governing_date_and_sections")]
    operations = [
        migrations.AlterField(
            model_name="appeal",
            name="governing_due_date",
            field=models.DateField(verbose_name="действующий срок"),
        ),
    ]
