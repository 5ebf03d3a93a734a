"""The text room's models, a module per part (each part adds its module and its names here)."""

from .classifier import ClassificationOverride, ClassifierModel

__all__: list[str] = ["ClassificationOverride", "ClassifierModel"]
