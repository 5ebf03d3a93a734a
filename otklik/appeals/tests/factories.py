"""Builders for tests of every room: an appeal as an adapter would hand it to registration."""

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from otklik.appeals.choices import AppealKind, IntakeChannel
from otklik.appeals.intake import AppealIntake, AuthorData, IntakeQuestion

AUTHOR = {"last_name": "Петрова", "first_name": "Анна", "email": "petrova@example.org"}


def appeal_intake(
    *,
    author: Mapping[str, Any] | AuthorData = AUTHOR,
    questions: Iterable[Mapping[str, str] | IntakeQuestion] = (),
    attachments: Iterable[UploadedFile] = (),
    **fields: Any,
) -> AppealIntake:
    """An appeal through the portal unless overridden; the author and questions may be given as plain dicts."""
    fields.setdefault("kind", AppealKind.APPEAL)
    fields.setdefault("channel", IntakeChannel.PORTAL)
    fields.setdefault("text", "Прошу разъяснить порядок.")
    fields.setdefault("submission_key", uuid.uuid4().hex)  # every adapter sends one; the service requires it
    return AppealIntake(
        author=author if isinstance(author, AuthorData) else AuthorData.from_mapping(author),
        questions=tuple(item if isinstance(item, IntakeQuestion) else IntakeQuestion(**item) for item in questions),
        attachments=tuple(attachments),
        **fields,
    )
