"""Copy each organisation's social-media and contact-centre columns into its new ChannelSettings row."""

from django.db import migrations

FIELDS = (
    "social_official_response_minutes",
    "social_mention_response_minutes",
    "cc_queue_wait_max_seconds",
    "cc_first_contact_resolution_min_percent",
    "cc_transfers_max",
    "cc_lost_calls_max",
    "cc_avg_handling_max_seconds",
    "cc_avg_call_max_seconds",
)


def copy_to_settings(apps, schema_editor):
    Organisation = apps.get_model("orgs", "Organisation")
    ChannelSettings = apps.get_model("channels", "ChannelSettings")
    for row in Organisation.objects.values("pk", *FIELDS).iterator():
        pk = row.pop("pk")
        ChannelSettings.objects.update_or_create(organisation_id=pk, defaults=row)


def copy_back(apps, schema_editor):
    """Reverse: the organisation's columns get the settings row's values again, and the rows go."""
    Organisation = apps.get_model("orgs", "Organisation")
    ChannelSettings = apps.get_model("channels", "ChannelSettings")
    for row in ChannelSettings.objects.values("organisation_id", *FIELDS).iterator():
        Organisation.objects.filter(pk=row.pop("organisation_id")).update(**row)
    ChannelSettings.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("channels", "0001_channel_settings"), ("orgs", "0002_fixed_roles")]

    operations = [migrations.RunPython(copy_to_settings, copy_back)]
