"""Uploaded files for every room: limits, checks of the extension and the content, and the multi-file form field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .errors import ApplicationError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 30 * 1024 * 1024
MAX_FILES = 10
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of .doc and .xls
ZIP = b"PK\x03\x04"  # .docx, .xlsx, .odt, .ods and .zip are zip containers
# Extension -> the signatures its content may start with (None: plain text, checked for executable headers only).
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "doc": (OLE,),
    "xls": (OLE,),
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "odt": (ZIP,),
    "ods": (ZIP,),
    "zip": (ZIP, b"PK\x05\x06"),
    "rtf": (b"{\\rtf",),
    "txt": None,
}
ALLOWED_EXTENSIONS = frozenset(SIGNATURES)
# Content that runs when opened: refused whatever the file is called.
EXECUTABLE_HEADERS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
# Declared content types that contradict any document extension.
ACTIVE_CONTENT_TYPES = frozenset(
    {
        "application/x-msdownload",
        "application/x-msdos-program",
        "application/x-executable",
        "application/x-sh",
        "application/javascript",
        "text/javascript",
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
    }
)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    head = _head(upload)
    if head.startswith(EXECUTABLE_HEADERS):
        return False
    if str(getattr(upload, "content_type", "") or "").split(";")[0].strip().lower() in ACTIVE_CONTENT_TYPES:
        return False
    signatures = SIGNATURES[extension]
    return signatures is None or head.startswith(signatures)


def validate_uploads(files: Sequence[UploadedFile], *, field: str = "attachments") -> None:
    """Refuse too many or too large files, unknown types, and content that is not what the extension says."""
    if len(files) > MAX_FILES:
        raise ApplicationError(_("Можно приложить не более %(n)s файлов.") % {"n": MAX_FILES}, field=field)
    total = 0
    for upload in files:
        name = upload.name or ""
        extension = extension_of(name)
        if extension not in ALLOWED_EXTENSIONS:
            raise ApplicationError(
                _("Файл «%(name)s»: такой тип не принимается. Допустимы: %(types)s.")
                % {"name": name, "types": ", ".join(sorted(ALLOWED_EXTENSIONS))},
                field=field,
            )
        if (upload.size or 0) > MAX_FILE_BYTES:
            raise ApplicationError(_("Файл «%(name)s» больше 10 МБ.") % {"name": name}, field=field)
        if not _content_matches(upload, extension):
            raise ApplicationError(
                _("Файл «%(name)s»: содержимое не соответствует расширению «.%(ext)s».")
                % {"name": name, "ext": extension},
                field=field,
            )
        total += upload.size or 0
    if total > MAX_TOTAL_BYTES:
        raise ApplicationError(_("Все файлы вместе — не более 30 МБ."), field=field)


def uploads_help() -> str:
    """The limits as a person reads them under a file input."""
    return str(
        _(
            "Не более %(n)s файлов, каждый — до %(size)s МБ, все вместе — до %(total)s МБ. "
            "Допустимые типы: %(types)s. Если текст длинный, его можно приложить файлом."
        )
        % {
            "n": MAX_FILES,
            "size": MAX_FILE_BYTES // (1024 * 1024),
            "total": MAX_TOTAL_BYTES // (1024 * 1024),
            "types": ", ".join(sorted(ALLOWED_EXTENSIONS)),
        }
    )


def accept_attribute() -> str:
    """The `accept` attribute of a file input: the browser offers only the allowed types."""
    return ",".join(f".{extension}" for extension in sorted(ALLOWED_EXTENSIONS))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []
