"""Signed links by which an author rates the answer without an account (from the answer e-mail or the status page)."""

from __future__ import annotations

from django.core import signing

from otklik.core.links import public_url

from .models import Appeal

SALT = "otklik.appeals.rating"
MAX_AGE_SECONDS = 365 * 24 * 3600


def rating_token(appeal: Appeal) -> str:
    return signing.dumps({"appeal": appeal.pk}, salt=SALT, compress=True)


def rating_url(appeal: Appeal) -> str:
    return public_url(f"/o/{appeal.organisation.slug}/rate/{rating_token(appeal)}/")


def appeal_id_from_rating_token(token: str) -> int | None:
    """The appeal the token was made for, or None when it is forged or older than a year."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    appeal_id = data.get("appeal") if isinstance(data, dict) else None
    return appeal_id if isinstance(appeal_id, int) else None
