"""The audit helper: the only writer of AuditEntry, called by services inside their transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.forms.models import model_to_dict

from .audit_actions import AuditFamily, is_registered
from .models import AuditEntry

if TYPE_CHECKING:
    from otklik.orgs.models import Organisation, User


def snapshot(obj: models.Model, *, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe picture of a model instance's own fields, for the before/after columns."""
    data = model_to_dict(obj, fields=fields)
    return {key: _json_safe(value) for key, value in data.items()}


def _json_safe(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    organisation: Organisation | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`; refuses to run outside the caller's transaction."""
    return _entry(
        actor=actor,
        action=action,
        subject=(obj._meta.label_lower, str(obj.pk), str(obj)),
        organisation=organisation,
        before=before,
        after=after,
    )


def audit_sign_in(
    *, action: str, model: type[models.Model], account: models.Model | None, login: str, after: dict[str, Any]
) -> AuditEntry:
    """Record a sign-in event of `model`'s accounts: the account when the login named one, else the login typed.

    A failed attempt often names no account at all (a mistyped or guessed login), so it cannot be an audit_record
    of an object; it is filed under the accounts' type with an empty id, the login in `after`.
    """
    subject = (model._meta.label_lower, str(account.pk) if account else "", str(account) if account else login)
    return _entry(actor=None, action=action, subject=subject, organisation=None, before=None, after=after)


def _entry(
    *,
    actor: User | None,
    action: str,
    subject: tuple[str, str, str],
    organisation: Organisation | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    if not is_registered(action):
        raise ValueError(f"audit action {action!r} is not in otklik.core.audit_actions")
    object_type, object_id, object_repr = subject
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_id=object_id[:64],
        object_repr=object_repr[:300],
        before=before,
        after=after,
    )


def audit_read(
    *,
    actor: User | None,
    obj: models.Model,
    organisation: Organisation | None,
    what: str,
    reader: models.Model | None = None,
    ids: Sequence[Any] = (),
) -> None:
    """Record that `actor` read personal data of `obj` (152-FZ; R-PL-5); `what` names the data read.

    A reader who is not a staff user (a citizen's account reading its own history) is named by `reader`; `ids` are
    the rows shown with `obj`, when the read covers several (the appeals of the history).
    """
    after: dict[str, Any] = {}
    if reader is not None:
        after["reader"] = {"type": reader._meta.label_lower, "id": reader.pk}
    if ids:
        after["ids"] = [_json_safe(pk) for pk in ids]
    with transaction.atomic(savepoint=False):  # a read inside a caller's transaction needs no savepoint
        audit_record(
            actor=actor,
            action=AuditFamily.PERSONAL_DATA_READ.of(what),
            obj=obj,
            organisation=organisation,
            after=after or None,
        )


def audit_read_many(
    *, actor: User | None, model: type[models.Model], ids: Sequence[Any], organisation: Organisation | None, what: str
) -> None:
    """Record one read of personal data in several rows of `model` at once (a list page), naming the ids shown.

    Nothing is written when nothing was shown.
    """
    if not ids:
        return
    label = model._meta.label_lower
    with transaction.atomic(savepoint=False):
        _entry(
            actor=actor,
            action=AuditFamily.PERSONAL_DATA_READ.of(what),
            subject=(label, "", f"{label} × {len(ids)}"),
            organisation=organisation,
            after={"ids": [_json_safe(pk) for pk in ids]},
        )
