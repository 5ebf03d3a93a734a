"""URLs of the calendar page."""

from django.urls import path

from . import views

app_name = "calendars"
urlpatterns = [
    path("", views.year_view, name="year"),
    path("corrections/", views.correction_add, name="correction_add"),
    path("corrections/<int:pk>/delete/", views.correction_delete, name="correction_delete"),
]
