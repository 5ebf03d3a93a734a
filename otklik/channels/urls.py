"""The channels room's staff pages: each part adds one include line here."""

from django.urls import include, path

app_name = "channels"

urlpatterns = [
    path("", include("otklik.channels.mail_urls")),
]
