"""The columns' move from Organisation to ChannelSettings keeps every body's values, forwards and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("channels", "0001_channel_settings"), ("orgs", "0002_fixed_roles")]
COPIED = [("channels", "0002_copy_channel_settings_from_organisations")]
MOVED = [("orgs", "0003_remove_channel_settings_columns")]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_values_are_copied_into_settings_rows_and_back():
    executor = _executor()
    executor.migrate(BEFORE)
    Organisation = executor.loader.project_state(BEFORE).apps.get_model("orgs", "Organisation")
    custom = Organisation.objects.create(
        slug="custom",
        name="Министерство",
        short_name="М",
        social_official_response_minutes=90,
        social_mention_response_minutes=180,
        cc_queue_wait_max_seconds=120,
        cc_first_contact_resolution_min_percent=75,
        cc_transfers_max=1,
        cc_lost_calls_max=3,
        cc_avg_handling_max_seconds=400,
        cc_avg_call_max_seconds=500,
    )
    plain = Organisation.objects.create(slug="plain", name="Управление", short_name="У")

    executor = _executor()
    executor.migrate(MOVED)
    ChannelSettings = executor.loader.project_state(MOVED).apps.get_model("channels", "ChannelSettings")
    row = ChannelSettings.objects.get(organisation_id=custom.pk)
    assert (row.social_official_response_minutes, row.social_mention_response_minutes) == (90, 180)
    assert (row.cc_queue_wait_max_seconds, row.cc_first_contact_resolution_min_percent) == (120, 75)
    assert (row.cc_transfers_max, row.cc_lost_calls_max) == (1, 3)
    assert (row.cc_avg_handling_max_seconds, row.cc_avg_call_max_seconds) == (400, 500)
    default = ChannelSettings.objects.get(organisation_id=plain.pk)
    assert (default.social_official_response_minutes, default.cc_avg_call_max_seconds) == (120, 600)
    ChannelSettings.objects.filter(pk=row.pk).update(cc_transfers_max=4)  # changed after the move

    executor = _executor()
    executor.migrate(BEFORE)  # back: the columns return with the rows' values, and the rows go
    apps = executor.loader.project_state(BEFORE).apps
    Organisation = apps.get_model("orgs", "Organisation")
    restored = Organisation.objects.get(pk=custom.pk)
    assert (restored.social_official_response_minutes, restored.cc_transfers_max) == (90, 4)
    assert restored.cc_avg_call_max_seconds == 500
    assert not apps.get_model("channels", "ChannelSettings").objects.exists()

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())
