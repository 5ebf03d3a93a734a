"""URLs of the analysis pages (staff only)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("quarterly/", views.quarterly, name="quarterly"),
    path("quarterly.xlsx", views.quarterly_xlsx, name="quarterly_xlsx"),
]
