"""Mailbox intake's hooks into the lower rooms, connected once from the channels AppConfig.ready."""

from __future__ import annotations


def mail_ready() -> None:
    """The dashboard panel, the menu entry and the sweep register on import; appeals learn the letter threads."""
    from otklik.appeals.mail_threads import register_mail_thread_source

    from . import mail_dashboard, mail_navigation, mail_poll  # noqa: F401
    from .mail_services import appeal_mail_thread

    register_mail_thread_source(appeal_mail_thread)
