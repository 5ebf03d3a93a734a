"""`manage.py classify --org SLUG < text`: print the classification of one text as JSON (no database writes)."""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation
from otklik.text.classify_services import MAX_INPUT, classification_of


class Command(BaseCommand):
    help = "Read one appeal's text from stdin and print its classification object (suggested codes…) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="the organisation's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation {options['org']!r}")
        raw = sys.stdin.buffer.read(MAX_INPUT * 4 + 1)
        text = raw.decode("utf-8", errors="replace")
        try:
            result = classification_of(organisation=organisation, text=text)
        except ApplicationError as exc:
            result = {"error": exc.message}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False))
