"""Admin of the text room: each part registers its models in its own module, imported here."""

from . import style_admin  # noqa: F401  (style settings and overrides)
