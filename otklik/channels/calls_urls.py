"""URLs of the contact centre's staff pages (call log, call card, import)."""

from django.urls import path

from . import calls_views as views

app_name = "calls"
urlpatterns = [
    path("", views.calls, name="list"),
    path("new/", views.call_new, name="new"),
    path("import/", views.calls_upload, name="import"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/appeal/", views.call_appeal, name="appeal"),
]
