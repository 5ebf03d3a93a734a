"""Demo accounts: one login per role per body, and one person working in every body."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import HttpRequest

from otklik.orgs.models import Membership, User


@pytest.mark.django_db
def test_demo_accounts_are_created_once_and_can_log_in(client):
    call_command("load_preset", "--all", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_accounts", "--password", "demo-pass-42", stdout=out)
    printed = out.getvalue()
    assert "smolensk-registry-keeper" in printed and "пароль у всех: demo-pass-42" in printed
    count = User.objects.count()
    call_command("load_demo_accounts", "--password", "demo-pass-42", stdout=StringIO())
    assert User.objects.count() == count
    keeper = User.objects.get(username="smolensk-registry-keeper")
    assert Membership.objects.get(user=keeper).roles.get().code == "registry_keeper"
    assert Membership.objects.filter(user__username="demo").count() >= 4
    # django-axes counts sign-ins by request: the test client's login passes a bare one.
    assert client.login(request=HttpRequest(), username="smolensk-registry-keeper", password="demo-pass-42")
