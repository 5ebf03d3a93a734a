"""URLs of API v1."""

from django.urls import path

from . import appeals, client, contact_centre, text_style, views

app_name = "api"
urlpatterns = [
    path("organizations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organizations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organizations/<slug:slug>/registry/", views.RegistryView.as_view(), name="registry"),
    path("me/", views.MeView.as_view(), name="me"),
    path("appeals/", appeals.AppealListView.as_view(), name="appeal-list"),
    path("status/", appeals.StatusView.as_view(), name="appeal-status"),
    path("appeals/<int:pk>/", appeals.AppealDetailView.as_view(), name="appeal-detail"),
    path("appeals/<int:pk>/extend/", appeals.AppealExtendView.as_view(), name="appeal-extend"),
    path("appeals/<int:pk>/forward/", appeals.AppealForwardView.as_view(), name="appeal-forward"),
    path("keys/", client.KeyIssueView.as_view(), name="key-issue"),
    path("client/appeals/", client.ClientAppealListView.as_view(), name="client-appeal-list"),
    path("client/appeals/<int:pk>/", client.ClientAppealDetailView.as_view(), name="client-appeal-detail"),
    path("text/style-check/", text_style.StyleCheckView.as_view(), name="text-style-check"),
    path("contact-centre/kpi/", contact_centre.ContactCentreKpiView.as_view(), name="contact-centre-kpi"),
]
