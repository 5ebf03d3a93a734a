"""The channels room's models, a module per part (each part adds its module and its names here)."""

from .calls import CallRecord, PhoneLine, PhoneScript
from .hours import WorkingSchedule
from .kpi import KpiBreachNotice
from .mail import Letter, LetterAttachment, LetterStatus, Mailbox, MailSecurity
from .settings import ChannelSettings
from .social import InboxItem, InboxState, SocialAccount, SocialAnswerTemplate, SocialPlatform

__all__ = [
    "CallRecord",
    "ChannelSettings",
    "InboxItem",
    "InboxState",
    "KpiBreachNotice",
    "Letter",
    "LetterAttachment",
    "LetterStatus",
    "MailSecurity",
    "Mailbox",
    "PhoneLine",
    "PhoneScript",
    "SocialAccount",
    "SocialAnswerTemplate",
    "SocialPlatform",
    "WorkingSchedule",
]
