"""The channels room's models, a module per part (each part adds its module and its names here)."""

from .hours import WorkingSchedule
from .settings import ChannelSettings
from .social import AnswerTemplate, InboxItem, InboxState, SocialAccount, SocialPlatform

__all__ = [
    "AnswerTemplate",
    "ChannelSettings",
    "InboxItem",
    "InboxState",
    "SocialAccount",
    "SocialPlatform",
    "WorkingSchedule",
]
