"""What an adapter hands to registration: one typed, immutable appeal as received, from any channel."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models

from .choices import AuthorKind
from .models import Appeal, Author

MAX_TEXT = 50_000


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None, name  # EmailField is a CharField
    return field.max_length


def author_limit(name: str) -> int:
    """The longest value the author's column `name` holds: forms, serializers and the service all ask here."""
    return _max_length(Author, name)


def appeal_limit(name: str) -> int:
    """The longest value the appeal's column `name` holds (representative, covering letter)."""
    return _max_length(Appeal, name)


def _normal(value: str) -> str:
    return re.sub(r"\s+", " ", (value or "").strip()).casefold()


@dataclass(frozen=True)
class AuthorData:
    kind: str = AuthorKind.PERSON
    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    organisation_name: str = ""
    email: str = ""
    phone: str = ""
    postal_address: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> AuthorData:
        """An author given as a mapping (API bodies): blanks dropped, and without a kind an organisation's name
        alone means an organisation writes."""
        known = {name: str(data.get(name) or "").strip() for name in AUTHOR_FIELDS}
        kind = AuthorKind.ORGANISATION if known["organisation_name"] and not known["last_name"] else AuthorKind.PERSON
        return cls(kind=str(data.get("kind") or kind), **known)

    def stripped(self) -> AuthorData:
        return replace(self, **{name: (getattr(self, name) or "").strip() for name in AUTHOR_FIELDS})

    def identity_key(self) -> str:
        if self.email:
            return f"email:{_normal(self.email)}"
        if self.kind == AuthorKind.ORGANISATION:
            return f"org:{_normal(self.organisation_name)}|{_normal(self.postal_address)}"
        name = " ".join((self.last_name, self.first_name, self.middle_name))
        return f"person:{_normal(name)}|{_normal(self.postal_address)}"


# The author's details besides the kind, in the order a refusal names the first one at fault.
AUTHOR_FIELDS = tuple(field.name for field in fields(AuthorData) if field.name != "kind")


@dataclass(frozen=True)
class IntakeQuestion:
    classifier_code: str
    summary: str = ""


@dataclass(frozen=True)
class Representative:
    """Who acts for the author, and the power of attorney they act by (both blank when the author writes)."""

    name: str = ""
    authority: str = ""


@dataclass(frozen=True)
class AppealIntake:
    """An appeal or request as it arrived, before any check: the portal, the staff form, the API, Open311 and
    the client API each build one and pass it to `services.appeal_register`."""

    kind: str
    channel: str
    text: str
    author: AuthorData
    questions: tuple[IntakeQuestion, ...] = ()
    attachments: tuple[UploadedFile, ...] = ()
    received_at: dt.datetime | None = None  # now, when not given
    registered_on: dt.date | None = None  # today, when not given; only staff may give it
    form: str = ""
    is_collective: bool = False
    representative: Representative = Representative()
    covering_letter: str = ""
    for_official_use: bool = False
    submission_key: str = ""  # required: the same key from the same sender registers one appeal
    sender: str = ""  # whose key it is when no staff member acts: an application's adapter names itself
