"""Template context of the staff shell: current organisation, the switcher's list and navigation."""

from typing import Any

from django.http import HttpRequest

from .navigation import navigation_for
from .selectors import organisations_for_user


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    organisation = getattr(request, "organisation", None)
    return {
        "current_organisation": organisation,
        "my_organisations": list(organisations_for_user(user).order_by("short_name")),
        "navigation": navigation_for(user, organisation),
    }
