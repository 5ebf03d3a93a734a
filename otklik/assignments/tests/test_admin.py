"""The control settings admin writes through control_settings_update: refusals in Russian, an audit row on save."""

import pytest

from otklik.assignments.models import ControlSettings
from otklik.core.models import AuditEntry

FORM = {
    "weekly_digest_weekday": 0,
    "weekly_digest_hour": 9,
    "final_control_weekday": 4,
    "final_control_hour": 15,
    "digest_horizon_days": 7,
}


@pytest.mark.django_db
def test_valid_settings_are_written_by_the_service(admin_client, admin_user, organisation):
    response = admin_client.post(
        "/admin/assignments/controlsettings/add/",
        {**FORM, "organisation": organisation.pk, "final_control_hour": 16, "breach_memo_signer": " Начальник отдела "},
    )
    assert response.status_code == 302
    row = ControlSettings.objects.get(organisation=organisation)
    assert (row.final_control_hour, row.breach_memo_signer) == (16, "Начальник отдела")
    entry = AuditEntry.objects.get(action="control_settings.updated")
    assert entry.actor == admin_user and entry.organisation == organisation

    response = admin_client.post(
        f"/admin/assignments/controlsettings/{row.pk}/change/", {**FORM, "weekly_digest_weekday": 1}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.weekly_digest_weekday == 1
    assert AuditEntry.objects.filter(action="control_settings.updated").count() == 2
    assert not AuditEntry.objects.filter(action__startswith="admin.").exists()


@pytest.mark.django_db
def test_a_horizon_beyond_a_month_is_refused_in_russian_and_nothing_is_saved(admin_client, organisation):
    response = admin_client.post(
        "/admin/assignments/controlsettings/add/", {**FORM, "organisation": organisation.pk, "digest_horizon_days": 60}
    )
    assert response.status_code == 200
    assert (
        "Недопустимое значение настройки «предупредительный контроль: горизонт, дней»: 60 "
        "(нужно целое число от 1 до 31)." in response.content.decode()
    )
    assert not ControlSettings.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_change_that_the_service_refuses_leaves_the_row_as_it_was(admin_client, organisation):
    row = ControlSettings.objects.create(organisation=organisation)
    response = admin_client.post(
        f"/admin/assignments/controlsettings/{row.pk}/change/", {**FORM, "digest_horizon_days": 45}
    )
    assert response.status_code == 200
    assert "«предупредительный контроль: горизонт, дней»: 45 (нужно целое число от 1 до 31)." in (
        response.content.decode()
    )
    row.refresh_from_db()
    assert row.digest_horizon_days == 7
    assert not AuditEntry.objects.exists()
