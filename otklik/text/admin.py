"""Admin of the text room: each part registers its admin in its own module, imported here."""

from . import classify_admin, routing_admin, style_admin  # noqa: F401
