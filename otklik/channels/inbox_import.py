"""CSV import of social-media items exported by a monitoring tool: every row checked, all or nothing, reruns add none."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils.translation import gettext as _

from otklik.core.errors import ApplicationError
from otklik.orgs.models import Channel, Organisation, User
from otklik.orgs.permissions import require_role

from .choices import SocialItemKind
from .inbox_services import (
    INBOX_CHANNEL_TYPES,
    INBOX_ROLES,
    ImportedItems,
    SocialItemIntake,
    inbox_item_check,
    inbox_items_import,
)

IMPORT_COLUMNS = (
    "external_id",
    "channel",
    "kind",
    "received_at",
    "author_handle",
    "author_name",
    "link",
    "text",
    "widget_category",
)
MAX_FILE = 10 * 1024 * 1024
MAX_ROWS = 20_000
LOCAL_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M:%S")
KIND_NAMES = {
    **{value: value for value in SocialItemKind.values},
    **{str(label).casefold(): value for value, label in SocialItemKind.choices},
}


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")  # with or without the byte-order mark
    except UnicodeDecodeError:
        raise ApplicationError(_("Файл не в кодировке UTF-8."), field="file", extra={"errors": []}) from None


def _moment(text: str, organisation: Organisation) -> dt.datetime | None:
    """ISO 8601 with an offset as given, or a local time of the body in one of the usual forms."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is not None and value.tzinfo is not None:
        return value
    for fmt in LOCAL_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=organisation.tz)
        except ValueError:
            continue
    return None


def _row(
    cells: list[str], *, organisation: Organisation, channels: dict[str, Channel], seen: dict[str, int], line: int
) -> SocialItemIntake | list[str]:
    external_id, channel_code, kind_text, received_text, handle, name, link, text, category = cells
    problems: list[str] = []
    if not external_id:
        problems.append(_("нет идентификатора сообщения (external_id)"))
    elif external_id in seen:
        problems.append(_("идентификатор %(id)s уже был в строке %(n)s") % {"id": external_id, "n": seen[external_id]})
    else:
        seen[external_id] = line
    channel = channels.get(channel_code)
    if channel is None:
        problems.append(_("нет канала соцсети или мессенджера с кодом «%(c)s»") % {"c": channel_code})
    kind = KIND_NAMES.get(kind_text.casefold())
    if kind is None:
        problems.append(_("вид «%(k)s» — нужен official, comment, mention или widget") % {"k": kind_text})
    received = _moment(received_text, organisation)
    if received is None:
        problems.append(_("время «%(t)s» не в формате ГГГГ-ММ-ДД ЧЧ:ММ или ДД.ММ.ГГГГ ЧЧ:ММ") % {"t": received_text})
    if problems:
        return problems
    assert channel is not None and kind is not None and received is not None
    intake = SocialItemIntake(
        channel=channel,
        kind=kind,
        text=text,
        received_at=received,
        widget_category=category,
        author_handle=handle,
        author_name=name,
        link=link,
        external_id=external_id,
    )
    try:
        return inbox_item_check(intake=intake, organisation=organisation)
    except ApplicationError as exc:
        return [exc.message.rstrip(".")]


def inbox_file_import(*, actor: User, organisation: Organisation, file_name: str, content: bytes) -> ImportedItems:
    """Read a CSV (UTF-8 with or without BOM, «;» or «,»): one bad row rejects the file, listing every problem."""
    require_role(actor, organisation, *INBOX_ROLES)
    if len(content) > MAX_FILE:
        raise ApplicationError(_("Файл больше 10 МБ."), field="file", extra={"errors": []})
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    if tuple(header) != IMPORT_COLUMNS:
        message = _("строка 1: ожидаются столбцы %(cols)s") % {"cols": delimiter.join(IMPORT_COLUMNS)}
        raise ApplicationError(message, field="file", extra={"errors": [message]})
    channels = {
        channel.code: channel
        for channel in Channel.objects.filter(organisation=organisation, channel_type__in=INBOX_CHANNEL_TYPES)
    }
    errors: list[str] = []
    intakes: list[SocialItemIntake] = []
    seen: dict[str, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(intakes) + len(errors) >= MAX_ROWS:
                errors.append(_("строка %(n)s: в одном файле не больше %(max)s строк") % {"n": line, "max": MAX_ROWS})
                break
            if len(cells) != len(IMPORT_COLUMNS):
                errors.append(
                    _("строка %(n)s: столбцов %(got)s, а нужно %(want)s")
                    % {"n": line, "got": len(cells), "want": len(IMPORT_COLUMNS)}
                )
                continue
            parsed = _row(
                [cell.strip() for cell in cells], organisation=organisation, channels=channels, seen=seen, line=line
            )
            if isinstance(parsed, SocialItemIntake):
                intakes.append(parsed)
            else:
                errors.append(_("строка %(n)s: %(p)s") % {"n": line, "p": "; ".join(parsed)})
    except csv.Error as exc:
        errors.append(_("строка %(n)s: файл не читается как CSV (%(e)s)") % {"n": reader.line_num, "e": exc})
    if errors:
        raise ApplicationError(
            _("Файл не загружен: ошибок — %(n)s. Исправьте их и загрузите файл целиком ещё раз.") % {"n": len(errors)},
            field="file",
            extra={"errors": errors},
        )
    if not intakes:
        raise ApplicationError(_("В файле нет ни одного сообщения."), field="file", extra={"errors": []})
    return inbox_items_import(actor=actor, organisation=organisation, intakes=intakes, file_name=file_name)
