"""The social-media and contact-centre columns now live in channels.ChannelSettings (copied there first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_fixed_roles"),
        ("channels", "0002_copy_channel_settings_from_organisations"),
    ]

    operations = [
        migrations.RemoveField(model_name="organisation", name=name)
        for name in (
            "social_official_response_minutes",
            "social_mention_response_minutes",
            "cc_queue_wait_max_seconds",
            "cc_first_contact_resolution_min_percent",
            "cc_transfers_max",
            "cc_lost_calls_max",
            "cc_avg_handling_max_seconds",
            "cc_avg_call_max_seconds",
        )
    ]
