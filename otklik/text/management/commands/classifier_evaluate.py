"""`manage.py classifier_evaluate --org SLUG FILE.csv`: accuracy of a body's current model on labelled texts."""

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otklik.orgs.models import Organisation
from otklik.text.classifier import evaluate
from otklik.text.classify_services import current_model


class Command(BaseCommand):
    help = "Print top-1 and top-3 accuracy and the confusion by section on a CSV file with columns text,code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="the organisation's slug")
        parser.add_argument("path", type=Path, help="CSV with columns text,code")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation {options['org']!r}")
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"file not found: {path}")
        current = current_model(organisation)
        if current is None:
            raise CommandError("no trained model: run retrain_classifier first")
        with path.open(encoding="utf-8", newline="") as file:
            reader = csv.DictReader(file)
            if not reader.fieldnames or not {"text", "code"} <= set(reader.fieldnames):
                raise CommandError("the CSV needs the columns text,code")
            rows = [(row["text"] or "", (row["code"] or "").strip()) for row in reader]
        result = evaluate(current[1], rows)
        if not result.total:
            raise CommandError("the CSV has no rows")
        self.stdout.write(f"model version {current[0]}, {result.total} texts")
        self.stdout.write(f"top-1 leaf: {result.top1}/{result.total} ({result.top1 / result.total:.0%})")
        self.stdout.write(f"top-3 leaf: {result.top3}/{result.total} ({result.top3 / result.total:.0%})")
        self.stdout.write(f"top-3 theme: {result.theme_top3}/{result.total} ({result.theme_top3 / result.total:.0%})")
        self.stdout.write("confusion by section (true -> first suggestion: count):")
        for (true, predicted), count in sorted(result.confusion.items()):
            self.stdout.write(f"  {true} -> {predicted}: {count}")
