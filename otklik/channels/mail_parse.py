"""Mailbox intake, MIME part: one raw RFC 5322 letter decoded into what triage shows, with notes on what went wrong.

Python's `email` package (policy=email.policy.default) reads the structure, headers and transfer encodings;
charsets are decoded here so an unknown one falls back instead of failing; HTML-only letters become text with the
standard library's html.parser (no third-party HTML library is needed for reading text out of a letter).
"""

from __future__ import annotations

import codecs
import datetime as dt
import email
import email.policy
import mimetypes
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from html.parser import HTMLParser

from django.utils.translation import gettext as _

AUTOMATIC_PRECEDENCE = frozenset({"bulk", "junk", "list"})
NULL_SENDERS = frozenset({"", "<>"})
DAEMON_LOCAL_PARTS = frozenset({"mailer-daemon", "postmaster"})
REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|ответ|отв|пересл)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedFile:
    name: str
    content_type: str
    data: bytes


@dataclass
class ParsedLetter:
    """What a letter says, decoded; `notes` tell triage what could not be read as sent."""

    from_name: str = ""
    from_address: str = ""
    subject: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: str = ""
    sent_at: dt.datetime | None = None
    text: str = ""
    files: list[ParsedFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    automatic: str = ""  # why no acknowledgement may go back (auto-reply, bounce, list); empty for a person's letter


class _TextOfHtml(HTMLParser):
    """The readable text of an HTML letter: scripts and styles dropped, blocks on their own lines."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "hr"}
    )
    HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def decode_bytes(payload: bytes, charset: str | None, notes: list[str]) -> str:
    """Bytes in the declared charset; an unknown or missing one: UTF-8 if it fits, else windows-1251, with a note."""
    if charset:
        try:
            codec = codecs.lookup(charset)
        except LookupError:
            notes.append(
                _("Кодировка «%(charset)s» неизвестна: текст прочитан как UTF-8 или windows-1251, проверьте его.")
                % {"charset": charset}
            )
        else:
            return payload.decode(codec.name, errors="replace")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1251", errors="replace")


def _header(message: Message, name: str, notes: list[str]) -> str:
    try:
        value = message.get(name)
        return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""
    except Exception:  # a header the policy cannot parse: keep its raw text
        notes.append(_("Поле «%(name)s» письма повреждено: показано как есть.") % {"name": name})
        raw = message.get_all(name) or [""]
        return re.sub(r"\s+", " ", str(raw[0])).strip()


def _sender(message: Message, notes: list[str]) -> tuple[str, str]:
    raw = _header(message, "From", notes)
    if not raw:
        notes.append(_("В письме нет отправителя (поле From): автора нужно установить вручную."))
        return "", ""
    pairs = getaddresses([raw]) or [parseaddr(raw)]
    name, address = pairs[0]
    if "@" not in address:
        notes.append(_("Адрес отправителя «%(raw)s» не распознан: автора нужно установить вручную.") % {"raw": raw})
        return name.strip(), ""
    return name.strip(), address.strip().lower()


def _sent_at(message: Message, notes: list[str]) -> dt.datetime | None:
    raw = _header(message, "Date", notes)
    if not raw:
        return None
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        notes.append(_("Дата в письме «%(raw)s» не распознана.") % {"raw": raw[:100]})
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def automatic_reason(message: Message, from_address: str) -> str:
    """Why this letter must get no acknowledgement (RFC 3834, bounces, mailing lists); empty when a person wrote."""
    auto_submitted = str(message.get("Auto-Submitted", "") or "").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    precedence = str(message.get("Precedence", "") or "").strip().lower()
    if precedence in AUTOMATIC_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond"):
        if message.get(name) is not None:
            return name
    if message.get_content_type() == "multipart/report":
        return "multipart/report"
    return_path = message.get("Return-Path")
    if return_path is not None and str(return_path).strip() in NULL_SENDERS:
        return "Return-Path: <>"
    if not from_address:
        return "From"
    if from_address.split("@", 1)[0] in DAEMON_LOCAL_PARTS:
        return f"From: {from_address}"
    return ""


def _filename(part: Message, position: int) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    name = re.sub(r"[\\/\x00-\x1f]", "_", name).strip()
    if not name:
        extension = mimetypes.guess_extension(part.get_content_type()) or ".bin"
        name = _("вложение-%(n)s") % {"n": position} + extension
    return name[:255]


def _body_and_files(message: Message, notes: list[str]) -> tuple[str, list[ParsedFile]]:
    plain: list[str] = []
    html: list[str] = []
    files: list[ParsedFile] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        is_file = disposition == "attachment" or (bool(part.get_filename()) and disposition != "inline")
        if content_type == "message/rfc822" and not is_file:
            is_file = True
        if not is_file and content_type in ("text/plain", "text/html"):
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            text = decode_bytes(data, part.get_content_charset(), notes)
            (plain if content_type == "text/plain" else html).append(text)
            continue
        if not is_file and content_type.startswith("text/"):
            continue
        payload = part.get_payload(decode=True)
        files.append(
            ParsedFile(_filename(part, len(files) + 1), content_type, payload if isinstance(payload, bytes) else b"")
        )
    if plain:
        return "\n\n".join(text.strip() for text in plain).strip(), files
    if html:
        notes.append(_("Письмо пришло только в HTML: показан текст без оформления."))
        return "\n\n".join(html_to_text(text) for text in html).strip(), files
    return "", files


def parse_letter(raw: bytes) -> ParsedLetter:
    """Decode one letter; never raises on bad input (malformed MIME, charsets, headers become notes)."""
    notes: list[str] = []
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    from_name, from_address = _sender(message, notes)
    parsed = ParsedLetter(
        from_name=from_name[:300],
        from_address=from_address[:320],
        subject=_header(message, "Subject", notes)[:1000],
        message_id=_header(message, "Message-ID", notes)[:998],
        in_reply_to=_header(message, "In-Reply-To", notes)[:998],
        references=_header(message, "References", notes)[:10000],
        sent_at=_sent_at(message, notes),
        notes=notes,
    )
    try:
        parsed.text, parsed.files = _body_and_files(message, notes)
    except Exception as exc:  # a structure the parser cannot walk: keep the raw text rather than lose the letter
        notes.append(_("Структура письма не разобрана (%(error)s): показан исходный текст.") % {"error": exc})
        parsed.text = decode_bytes(raw, None, notes)
    defects = [type(defect).__name__ for part in message.walk() for defect in part.defects]
    if defects:
        notes.append(
            _(
                "Письмо составлено с нарушениями формата MIME (%(defects)s): проверьте текст и файлы по исходному письму."
            )
            % {"defects": ", ".join(sorted(set(defects)))}
        )
    if not parsed.text and not parsed.files:
        notes.append(_("В письме нет текста."))
    parsed.automatic = automatic_reason(message, from_address)
    for name in ("from_name", "from_address", "subject", "message_id", "in_reply_to", "references", "text"):
        setattr(parsed, name, without_nul(getattr(parsed, name)))
    parsed.notes = [without_nul(note) for note in notes]
    return parsed


def without_nul(value: str) -> str:
    """Text a database column takes: PostgreSQL refuses NUL characters, which a broken letter may carry."""
    return value.replace("\x00", "")


def subject_without_prefixes(subject: str) -> str:
    return REPLY_PREFIX.sub("", subject).strip()


def message_ids(*headers: str) -> list[str]:
    """The Message-IDs named in In-Reply-To and References, in order, each once."""
    found = re.findall(r"<[^<>\s]+>", " ".join(headers))
    return list(dict.fromkeys(found))
