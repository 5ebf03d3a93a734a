"""Admin of the text room: a module per part."""

from . import classify_admin  # noqa: F401
