"""ApplicationError: the one exception services raise when a person asked for something not allowed."""

from typing import Any


class ApplicationError(Exception):
    """A refusal with a message a person understands; `field` names the input at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    """The acting user lacks the role or membership the action needs."""
