"""`manage.py create_api_token USERNAME`: print the user's API key (created if missing)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otklik.orgs.models import User
from otklik.orgs.services import api_token_issue


class Command(BaseCommand):
    help = "Print the API token of a user (creating it if the user has none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['username']}")
        self.stdout.write(api_token_issue(user=user))
