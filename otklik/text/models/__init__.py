"""The text room's models, a module per part (each part adds its module and its names here)."""

from .classifier import ClassificationOverride, ClassifierModel
from .repeats import RepeatFinding, RepeatKind
from .routing import RoutingRule
from .style import StyleOverride, StyleSettings

__all__: list[str] = [
    "ClassificationOverride",
    "ClassifierModel",
    "RepeatFinding",
    "RepeatKind",
    "RoutingRule",
    "StyleOverride",
    "StyleSettings",
]
