"""ControlSettings names who signs the memo about a breached deadline (empty: a neutral wording)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assignments', '0001_execution_control'),
    ]

    operations = [
        migrations.AddField(
            model_name='controlsettings',
            name='breach_memo_signer',
            field=models.CharField(blank=True, help_text='Должность (и подразделение), за чьей подписью ответственный специалист готовит служебную записку о нарушении срока исполнения поручения, как в акте органа. Пусто — «Должностное лицо, ответственное за контроль исполнения поручений».', max_length=300, verbose_name='служебная записка о нарушении срока: за подписью'),
        ),
    ]
