"""The e-mail thread an appeal's letters continue: a registry the room that receives e-mail fills (channels)."""

from __future__ import annotations

from collections.abc import Callable

from otklik.notifications.services import MailThread

from .models import Appeal

MailThreadSource = Callable[[Appeal], MailThread | None]
_SOURCES: list[MailThreadSource] = []


def register_mail_thread_source(source: MailThreadSource) -> MailThreadSource:
    """Add a function naming the author's letter an appeal came by (or None); usable as a decorator."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def mail_thread_for(appeal: Appeal) -> MailThread | None:
    """The letter that e-mails about `appeal` answer (In-Reply-To/References), from the first source that knows it."""
    for source in _SOURCES:
        thread = source(appeal)
        if thread is not None:
            return thread
    return None
