"""URLs of the text room's staff pages."""

from django.urls import path

from . import classify_views

app_name = "text"
urlpatterns = [
    path("appeals/<int:pk>/theme/", classify_views.theme_choose, name="theme_choose"),
]
