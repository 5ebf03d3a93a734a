"""The project's URLs plus views that fail on purpose, for the error-format tests (test_threat_api_errors)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401

SECRET_DETAIL = "password=hunter2 in the connection string"


class BrokenApiView(APIView):
    permission_classes = ()

    def get(self, request: Request) -> Response:
        raise RuntimeError(SECRET_DETAIL)


def broken_open311(request: HttpRequest, fmt: str) -> HttpResponse:
    raise RuntimeError(SECRET_DETAIL)


def plain_post_form(request: HttpRequest) -> HttpResponse:
    """A plain Django view (not DRF): Django's CSRF middleware guards it."""
    return HttpResponse("ok")


urlpatterns = [
    path("api/v1/broken/", BrokenApiView.as_view()),
    path("open311/v2/broken.<str:fmt>", broken_open311),
    path("api/v1/plain-form/", plain_post_form),
    *urlpatterns,
]
