"""`manage.py load_demo_accounts`: demo logins for the embedded default (never for production)."""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from otklik.orgs.demo import demo_accounts_create


class Command(BaseCommand):
    help = "Create demo accounts (one per role per organisation) and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=os.environ.get("OTKLIK_DEMO_PASSWORD", "otklik-demo"))

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_accounts_create(password=options["password"])
        self.stdout.write(f"Демо-входы (пароль у всех: {options['password']}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<34} {login.organisations:<12} {login.roles}")
