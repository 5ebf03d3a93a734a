"""`manage.py import_calls --org SLUG [--format csv|asterisk-queue-log] FILE`: load a call log from the phone system."""

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from otklik.channels.calls_import import FORMAT_CSV, FORMATS, calls_file_import
from otklik.core.errors import ApplicationError
from otklik.orgs.selectors import public_organisation


def _fail(*lines: str) -> NoReturn:
    """The errors on stderr, one a line, and exit status 2 (bad input of any kind, argparse's own included)."""
    for line in lines:
        sys.stderr.write(f"import_calls: {line}\n")
    sys.exit(2)


def _argument_error(message: str) -> NoReturn:
    _fail(
        _("неверные аргументы (%(message)s); нужно --org SLUG [--format csv|asterisk-queue-log] ФАЙЛ")
        % {"message": message}
    )


class Command(BaseCommand):
    help = (
        "Загружает журнал звонков из телефонной системы (CSV или queue_log Asterisk): каждая строка проверяется, "
        "при ошибке не загружается ничего, повторная загрузка того же файла ничего не добавляет."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = _argument_error  # type: ignore[method-assign]  # one line on stderr, status 2
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="код (slug) организации")
        parser.add_argument("--format", default=FORMAT_CSV, help="csv (по умолчанию) | asterisk-queue-log")
        parser.add_argument("file", nargs="?", help="путь к файлу")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options.get("org"):
            _fail(_("не указан --org"))
        if not options.get("file"):
            _fail(_("не указан файл"))
        if options["format"] not in FORMATS:
            _fail(
                _("неизвестный формат «%(f)s»; допустимо: %(all)s")
                % {"f": options["format"], "all": ", ".join(FORMATS)}
            )
        organisation = public_organisation(options["org"])
        if organisation is None:
            _fail(_("нет организации «%(slug)s»") % {"slug": options["org"]})
        try:
            with open(options["file"], "rb") as stream:
                result = calls_file_import(
                    actor=None,
                    organisation=organisation,
                    stream=stream,
                    file_name=options["file"],
                    file_format=options["format"],
                )
        except OSError as exc:
            _fail(_("файл не читается: %(e)s") % {"e": exc.strerror or exc})
        except ApplicationError as exc:
            _fail(exc.message, *(exc.extra.get("errors") or []))
        self.stdout.write(f"imported {result.created}")
