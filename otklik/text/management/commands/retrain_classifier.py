"""`manage.py retrain_classifier --org SLUG`: train a new version of a body's thematic classifier model."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otklik.core.errors import ApplicationError
from otklik.orgs.models import Organisation
from otklik.text.classify_services import classifier_retrain


class Command(BaseCommand):
    help = "Retrain the thematic classifier model of one body (or of every body without --org)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="the organisation's slug (default: every organisation)")

    def handle(self, *args: Any, **options: Any) -> None:
        bodies = Organisation.objects.all()
        if options["org"]:
            bodies = bodies.filter(slug=options["org"])
            if not bodies.exists():
                raise CommandError(f"no organisation {options['org']!r}")
        for organisation in bodies:
            try:
                stored = classifier_retrain(organisation=organisation)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(
                f"{organisation.slug}: version {stored.version}, {stored.leaves} themes, "
                f"{stored.trained_on} confirmed appeals"
            )
