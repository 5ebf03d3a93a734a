"""manage.py install_staff_survey: give every organisation (or the named ones) the shipped anonymous staff survey."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from otklik.feedback.presets import staff_survey_definition
from otklik.feedback.services import survey_install
from otklik.orgs.models import Organisation


class Command(BaseCommand):
    help = "Install or update the anonymous staff survey of 003 §10.6.1 in organisations (a rerun changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="organisation codes; all organisations when omitted")

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = Organisation.objects.filter(is_active=True)
        if options["slugs"]:
            organisations = organisations.filter(slug__in=options["slugs"])
        definition = staff_survey_definition()
        for organisation in organisations.order_by("slug"):
            with transaction.atomic():
                changed = survey_install(actor=None, organisation=organisation, definition=definition)
            self.stdout.write(f"{organisation.slug}: {'installed or updated' if changed else 'unchanged'}")
