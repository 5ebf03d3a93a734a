"""Template context of the staff shell from notifications: where mail goes when it is written to files."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def mail_mode(request: HttpRequest) -> dict[str, Any]:
    """The folder mail is written to instead of being sent (the embedded default), for the staff shell's notice."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or settings.EMAIL_BACKEND != FILE_BACKEND:
        return {}
    return {"mail_folder": str(settings.EMAIL_FILE_PATH)}
