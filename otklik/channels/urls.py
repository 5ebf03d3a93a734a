"""URLs of the channels room's staff pages, a line per part."""

from django.urls import include, path

urlpatterns = [
    path("inbox/", include("otklik.channels.inbox_urls")),
    path("mail/", include("otklik.channels.mail_urls")),
    path("calls/", include("otklik.channels.calls_urls")),
    path("contact-centre/kpi/", include("otklik.channels.kpi_urls")),
]
