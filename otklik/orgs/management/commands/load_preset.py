"""`manage.py load_preset SLUG… | --all`: load bodies' presets idempotently."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otklik.core.errors import ApplicationError
from otklik.orgs.presets import available_presets, preset_load


class Command(BaseCommand):
    help = "Load one or more presets from presets/<slug>.yaml (running it twice changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="preset slugs, e.g. smolensk")
        parser.add_argument("--all", action="store_true", help="load every preset in presets/")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = available_presets() if options["all"] else options["slugs"]
        if not slugs:
            raise CommandError(f"name a preset or use --all; available: {', '.join(available_presets())}")
        for slug in slugs:
            try:
                organisation, changes = preset_load(slug=slug)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"{slug}: {organisation.name} — {changes} changes")
