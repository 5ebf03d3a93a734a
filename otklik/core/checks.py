"""System checks of the core room: deployment settings that `check --deploy` should remind the operator of."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def security_contact_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.SECURITY_CONTACT:
        return []
    return [
        Warning(
            "SECURITY_CONTACT is not set: /.well-known/security.txt answers 404, so nobody knows where to report "
            "a vulnerability.",
            hint="Set SECURITY_CONTACT to an e-mail address or an https:// page (comma-separated for several).",
            id="otklik.W001",
        )
    ]
