"""The channels room's models, a module per part (each part adds its module and its names here)."""

from .hours import WorkingSchedule
from .settings import ChannelSettings

__all__ = ["ChannelSettings", "WorkingSchedule"]
