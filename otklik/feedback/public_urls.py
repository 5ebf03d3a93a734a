"""URLs of the public feedback pages, mounted at /o/<slug>/feedback/."""

from django.urls import path

from . import public_views

app_name = "feedback_public"
urlpatterns = [
    path("", public_views.survey_list, name="surveys"),
    path("s/<slug:code>/", public_views.survey_public, name="survey"),
    path("t/<str:token>/", public_views.survey_invitation, name="invitation"),
    path("done/<slug:code>/", public_views.survey_done, name="done"),
    path("we-did/", public_views.we_did, name="we_did"),
]
