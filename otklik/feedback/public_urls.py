"""URLs of the public feedback pages, mounted at /o/<slug>/feedback/."""

from django.urls import path

from . import public_views

app_name = "feedback_public"
urlpatterns = [
    path("", public_views.survey_list, name="surveys"),
    path("s/<slug:code>/", public_views.survey_public, name="survey"),
    # a personal link: the code follows «#» and is posted, never part of a logged address
    path("code/", public_views.personal_link, name="personal"),
    path("done/<slug:code>/", public_views.survey_done, name="done"),
    path("we-did/", public_views.we_did, name="we_did"),
]
