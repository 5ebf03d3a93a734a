"""`manage.py import_classifier PATH [--edition YYYY-MM-DD]`: load an edition of the thematic classifier."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otklik.appeals.classifier import classifier_import
from otklik.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Import the all-Russian thematic classifier of appeals from its JSON tree (themes_tree_YYYY-MM-DD.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the JSON file of the classifier tree")
        parser.add_argument("--edition", help="the edition date YYYY-MM-DD (default: the date in the file name)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"file not found: {path}")
        try:
            report = classifier_import(path=path, edition=options["edition"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"classifier {report.edition}: {report.total} nodes, {report.created} created, "
            f"{report.updated} updated, {report.deactivated} deactivated"
        )
