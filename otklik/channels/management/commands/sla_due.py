"""`manage.py sla_due`: when the answer to a social-media item is due, printed as ISO 8601 with the body's offset."""

import datetime as dt
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from otklik.channels.choices import SocialItemKind
from otklik.channels.sla import social_due
from otklik.orgs.selectors import public_organisation

MIN_YEAR, MAX_YEAR = 2000, 2099  # the years the production calendar knows well enough to count in


def _fail(message: str) -> NoReturn:
    """One line on stderr and exit status 2 (bad input of any kind, argparse's own included)."""
    sys.stderr.write(f"sla_due: {message}\n")
    sys.exit(2)


def _argument_error(message: str) -> NoReturn:
    _fail(
        _("неверные аргументы (%(message)s); нужно --org SLUG --kind official|comment|mention --received ISO-8601")
        % {"message": message}
    )


class Command(BaseCommand):
    help = (
        "Печатает срок ответа на сообщение в соцсети (рабочее время канала по графику и производственному "
        "календарю организации) в формате ISO 8601 со смещением часового пояса организации."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = _argument_error  # type: ignore[method-assign]  # one line on stderr, status 2
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        # Not `required=True`: a missing argument gets the same one Russian line as a bad one.
        parser.add_argument("--org", help="код (slug) организации")
        parser.add_argument("--kind", help="official | comment | mention | widget")
        parser.add_argument("--received", help="когда получено, ISO 8601; без смещения — по часовому поясу организации")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("org", "kind", "received"):
            if not options.get(name):
                _fail(_("не указан --%(name)s") % {"name": name})
        organisation = public_organisation(options["org"])
        if organisation is None:
            _fail(_("нет организации «%(slug)s»") % {"slug": options["org"]})
        if options["kind"] not in SocialItemKind.values:
            _fail(
                _("неизвестный вид сообщения «%(kind)s»; допустимо: %(kinds)s")
                % {"kind": options["kind"], "kinds": ", ".join(SocialItemKind.values)}
            )
        kind = SocialItemKind(options["kind"])
        try:
            received = dt.datetime.fromisoformat(options["received"].strip())
        except ValueError:
            _fail(
                _("не удалось прочитать дату и время «%(value)s»; нужен ISO 8601, например 2026-03-02T10:00")
                % {"value": options["received"]}
            )
        if not MIN_YEAR <= received.year <= MAX_YEAR:
            _fail(
                _("год %(year)s вне производственного календаря (%(min)s–%(max)s)")
                % {"year": received.year, "min": MIN_YEAR, "max": MAX_YEAR}
            )
        if received.tzinfo is None:
            received = received.replace(tzinfo=organisation.tz)
        due = social_due(organisation, kind, received)
        if due is None:
            _fail(
                _("актами организации «%(slug)s» срок ответа на «%(kind)s» не установлен")
                % {"slug": organisation.slug, "kind": kind.label}
            )
        self.stdout.write(due.isoformat())
