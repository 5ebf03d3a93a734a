"""URLs of the staff page of API keys."""

from django.urls import path

from . import key_views

app_name = "apikeys"
urlpatterns = [
    path("", key_views.key_list, name="list"),
    path("<int:pk>/revoke/", key_views.key_revoke, name="revoke"),
]
