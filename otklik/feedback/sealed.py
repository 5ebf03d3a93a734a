"""Sealing anonymous submissions while they wait for their batch: AES-GCM (cryptography) under a key from SECRET_KEY.

Every version of a buffered row lives on in dead tuples, the WAL, replicas and backups, each stamped with the id of
the transaction that wrote it, that is in the order of time. Sealed, those copies tell only that something was
submitted; padded to one length per questionnaire, not even how much was written. The key never reaches the
database; SECRET_KEY_FALLBACKS still open what was sealed before a key rotation.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

PURPOSE = "otklik.feedback.anonymous-buffer"
_NONCE_BYTES = 12
_LENGTH_BYTES = 4


class UnreadableSealError(Exception):
    """No key in SECRET_KEY or SECRET_KEY_FALLBACKS opens the sealed bytes."""


def _key(secret: str | bytes) -> bytes:
    # a salt of its own: no digest() of a value someone sends can ever equal the key
    return salted_hmac(f"{PURPOSE}.key", "sealing key", secret=secret, algorithm="sha256").digest()


def seal(payload: Mapping[str, Any], *, block: int) -> bytes:
    """The payload as JSON, padded to a whole number of `block` bytes, encrypted with a random nonce."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    framed = len(data).to_bytes(_LENGTH_BYTES, "big") + data
    padded = framed + bytes(-len(framed) % block)
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_key(settings.SECRET_KEY)).encrypt(nonce, padded, PURPOSE.encode())


def unseal(sealed: bytes) -> dict[str, Any]:
    nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        try:
            padded = AESGCM(_key(secret)).decrypt(nonce, body, PURPOSE.encode())
        except InvalidTag:
            continue
        size = int.from_bytes(padded[:_LENGTH_BYTES], "big")
        payload = json.loads(padded[_LENGTH_BYTES : _LENGTH_BYTES + size])
        assert isinstance(payload, dict)
        return payload
    raise UnreadableSealError


def digest(value: str) -> str:
    """A keyed digest: equal values match, and nobody without the key can test a guess against it."""
    return salted_hmac(f"{PURPOSE}.digest", value, algorithm="sha256").hexdigest()
