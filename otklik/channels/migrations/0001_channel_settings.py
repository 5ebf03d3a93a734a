"""Create the channels room's settings table: one row of social-media and contact-centre norms per body."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('orgs', '0002_fixed_roles'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChannelSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='создано')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='изменено')),
                ('social_official_response_minutes', models.PositiveIntegerField(default=120, verbose_name='ответ на официальное обращение и комментарий в соцсети, минут')),
                ('social_mention_response_minutes', models.PositiveIntegerField(default=240, verbose_name='ответ на упоминание в соцсети, минут')),
                ('cc_queue_wait_max_seconds', models.PositiveIntegerField(default=300, verbose_name='ожидание в очереди не более, секунд')),
                ('cc_first_contact_resolution_min_percent', models.PositiveSmallIntegerField(default=80, verbose_name='решено при первом обращении не менее, %')),
                ('cc_transfers_max', models.PositiveSmallIntegerField(default=2, verbose_name='коэффициент переведённых звонков не более')),
                ('cc_lost_calls_max', models.PositiveSmallIntegerField(default=2, verbose_name='потерянных звонков не более')),
                ('cc_avg_handling_max_seconds', models.PositiveIntegerField(default=420, verbose_name='среднее время обработки звонка не более, секунд')),
                ('cc_avg_call_max_seconds', models.PositiveIntegerField(default=600, verbose_name='средняя продолжительность ответа на звонок не более, секунд')),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='channel_settings', to='orgs.organisation', verbose_name='организация')),
            ],
            options={
                'verbose_name': 'настройки соцсетей и контакт-центра',
                'verbose_name_plural': 'настройки соцсетей и контакт-центра',
            },
        ),
    ]
