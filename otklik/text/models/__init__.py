"""The text room's models, a module per part (each part adds its module and its names here)."""

from .style import StyleOverride, StyleSettings

__all__: list[str] = ["StyleOverride", "StyleSettings"]
