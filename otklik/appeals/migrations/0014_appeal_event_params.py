"""Timeline events store their parameters; the old sentence column becomes `legacy_text`, kinds become a closed list."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("appeals", "0013_delete_registration_counter")]

    operations = [
        migrations.RenameField(model_name="appealevent", old_name="text", new_name="legacy_text"),
        migrations.AddField(
            model_name="appealevent", name="params", field=models.JSONField(blank=True, default=dict)
        ),
        migrations.AlterField(
            model_name="appealevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("registered", "Зарегистрировано"),
                    ("extended", "Срок продлён"),
                    ("forwarded", "Переадресовано"),
                    ("notice_sent", "Уведомление автору"),
                    ("on_control", "Поставлено на контроль"),
                    ("question_added", "Добавлен вопрос"),
                    ("question_result", "Результат по вопросу"),
                    ("answer_drafted", "Подготовлен проект ответа"),
                    ("answer_approved", "Проект ответа согласован"),
                    ("answer_signed", "Ответ подписан"),
                    ("answer_sent", "Ответ направлен"),
                    ("closed", "Рассмотрение завершено"),
                    ("answer_rated", "Автор оценил ответ"),
                ],
                max_length=40,
            ),
        ),
    ]
