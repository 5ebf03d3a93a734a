"""Uploaded files for every room: limits, the checks of the extension and the content, and the multi-file form field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .errors import ApplicationError
from .upload_content import KINDS, ContentRefused, check_content

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 30 * 1024 * 1024
MAX_FILES = 10
ALLOWED_EXTENSIONS = frozenset(KINDS)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _content(upload: UploadedFile) -> bytes:
    """The whole file (at most the size limit and one byte), leaving the upload rewound for storage."""
    upload.seek(0)
    data = upload.read(MAX_FILE_BYTES + 1)
    upload.seek(0)
    return data if isinstance(data, bytes) else data.encode()


def _declared_type(upload: UploadedFile) -> str:
    return str(getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()


def validate_uploads(files: Sequence[UploadedFile], *, field: str = "attachments") -> None:
    """Refuse too many or too large files, unknown types, programs and active content, and files that do not open.

    The one check every room calls before it stores an upload (appeals intake, assignment reports, the portal).
    """
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
        data = _content(upload)
        if max(upload.size or 0, len(data)) > MAX_FILE_BYTES:
            raise ApplicationError(_("Файл «%(name)s» больше 10 МБ.") % {"name": name}, field=field)
        try:
            check_content(extension, data, _declared_type(upload))
        except ContentRefused as refused:
            raise ApplicationError(refused.message(name=name, extension=extension), field=field) from refused
        total += len(data)
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
