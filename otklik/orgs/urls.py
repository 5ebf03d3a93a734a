"""URLs of the staff shell."""

from django.urls import path

from . import views

app_name = "shell"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisation/", views.organisation_page, name="organisation"),
    path("switch/", views.switch_organisation, name="switch"),
]
