"""URLs of API v1."""

from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("organizations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organizations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organizations/<slug:slug>/registry/", views.RegistryView.as_view(), name="registry"),
    path("me/", views.MeView.as_view(), name="me"),
]
