"""The channels room's models, a module per part (each part adds its module and its names here)."""

from .mail import Letter, LetterAttachment, LetterStatus, Mailbox, MailSecurity
from .settings import ChannelSettings

__all__ = ["ChannelSettings", "Letter", "LetterAttachment", "LetterStatus", "MailSecurity", "Mailbox"]
