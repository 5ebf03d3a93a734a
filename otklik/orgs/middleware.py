"""Sets request.organisation: the organisation the signed-in person is working in right now."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .selectors import organisations_for_user

SESSION_KEY = "otklik_organisation"


class CurrentOrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organisation = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            available = organisations_for_user(request.user)
            chosen = request.session.get(SESSION_KEY)
            organisation = available.filter(slug=chosen).first() if chosen else None
            request.organisation = organisation or available.order_by("short_name").first()  # type: ignore[attr-defined]
        return self.get_response(request)
