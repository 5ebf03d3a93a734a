"""URLs of the send log."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.send_log, name="send_log"),
]
