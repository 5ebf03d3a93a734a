"""ApplicationError: the one exception services raise when a person asked for something not allowed."""

import datetime as dt
import math
from typing import Any

from django.utils import timezone


class ApplicationError(Exception):
    """A refusal with a message a person understands; `field` names the input at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    """The acting user lacks the role or membership the action needs."""


class RateLimitedError(ApplicationError):
    """Too many attempts or submissions from one address, e-mail or login: refused until `until` (HTTP 429)."""

    def __init__(self, message: str, *, until: dt.datetime, field: str | None = None):
        super().__init__(message, field=field)
        self.until = until

    @property
    def retry_after(self) -> int:
        """Whole seconds until the refusal ends (at least one), for the Retry-After header."""
        return max(1, math.ceil((self.until - timezone.now()).total_seconds()))
