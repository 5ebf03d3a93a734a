"""The read-only admin base: service-written rows are shown, never added, edited or (unless allowed) deleted."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from otklik.core.models import AuditEntry, SweepRun
from otklik.orgs.tests.factories import UserFactory


@pytest.mark.django_db
def test_the_audit_log_is_read_only_even_for_a_superuser():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[AuditEntry]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.django_db
def test_sweep_runs_may_be_cleared_away_but_not_edited():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[SweepRun]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert model_admin.has_delete_permission(request)
    request.user = UserFactory(is_staff=True)  # staff without the model's delete permission
    assert not model_admin.has_delete_permission(request)
