"""The door of every staff page: sign-in, the current organisation, roles, and one page for each refusal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import update_wrapper
from typing import Concatenate, Literal, ParamSpec, cast, overload

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from otklik.core.errors import PermissionDeniedError

from .models import Organisation, User
from .permissions import has_role

P = ParamSpec("P")
StaffView = Callable[Concatenate["StaffRequest", P], HttpResponseBase]
View = Callable[Concatenate[HttpRequest, P], HttpResponseBase]


class StaffRequest(HttpRequest):
    """A request that passed `staff_view`: a signed-in person working in `organisation` right now."""

    user: User
    organisation: Organisation


def no_organisation(request: HttpRequest) -> HttpResponse:
    """The one refusal for a person who works in no organisation."""
    return render(request, "orgs/no_organisation.html", status=403)


@overload
def staff_view(view: StaffView[P], /) -> View[P]: ...


@overload
def staff_view(*, roles: Iterable[str] = (), refusal: Literal[403, 404] = 403) -> Callable[[StaffView[P]], View[P]]: ...


def staff_view(
    view: StaffView[P] | None = None, /, *, roles: Iterable[str] = (), refusal: Literal[403, 404] = 403
) -> View[P] | Callable[[StaffView[P]], View[P]]:
    """Open the view to signed-in staff of the current organisation, holding one of `roles` if any are given.

    A person in no organisation gets the no-organisation page (403); a missing role gets the 403 page. A
    PermissionDeniedError from a selector or service inside the view becomes the 403 page, or a 404 with
    `refusal=404` where a refusal must not tell that the thing exists.
    """
    needed = tuple(roles)

    def decorator(func: StaffView[P]) -> View[P]:
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            organisation: Organisation | None = getattr(request, "organisation", None)
            if organisation is None:
                return no_organisation(request)
            if needed and not has_role(request.user, organisation, *needed):
                raise PermissionDenied
            try:
                return func(cast(StaffRequest, request), *args, **kwargs)
            except PermissionDeniedError as exc:
                if refusal == 404:
                    raise Http404 from exc
                raise PermissionDenied(exc.message) from exc

        update_wrapper(wrapper, func)  # the view keeps its name and docstring; its type stays the wrapper's
        return login_required(wrapper)

    return decorator if view is None else decorator(view)
