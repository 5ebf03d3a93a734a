"""`manage.py term`: the end date of a term by an organisation's calendar, printed as YYYY-MM-DD."""

import datetime as dt
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from otklik.calendars.selectors import calendar_for
from otklik.orgs.selectors import public_organisation


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"term: {message}\n")
    sys.exit(2)


class Command(BaseCommand):
    help = "Print the end date of a term in calendar or working days for an organisation."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = _fail  # type: ignore[method-assign]  # one line on stderr, status 2, also via call_command
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--start", required=True, help="start date, YYYY-MM-DD (e.g. the registration day)")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--days", type=int, help="term in calendar days")
        group.add_argument("--working-days", type=int, help="term in working days")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = public_organisation(options["org"])
        if organisation is None:
            _fail(f"unknown organisation: {options['org']}")
        try:
            start = dt.date.fromisoformat(options["start"])
        except ValueError:
            _fail(f"bad --start date, expected YYYY-MM-DD: {options['start']}")
        count = options["days"] if options["days"] is not None else options["working_days"]
        if count < 0 or count > 3660:
            _fail("the term must be between 0 and 3660 days")
        calendar = calendar_for(organisation)
        if options["days"] is not None:
            end = calendar.add_calendar_days(start, count, organisation.term_end_policy)
        else:
            end = calendar.add_working_days(start, count)
        self.stdout.write(end.isoformat())
