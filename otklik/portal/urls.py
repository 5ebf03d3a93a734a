"""URLs of the public portal."""

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("<slug:slug>/", views.organisation_page, name="organisation"),
    path("<slug:slug>/registry/", views.registry_page, name="registry"),
    path("<slug:slug>/registry/diff/", views.registry_diff, name="registry_diff"),
    path("<slug:slug>/registry.<str:fmt>", views.registry_download, name="registry_download"),
]
