"""URLs of the staff feedback pages."""

from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.surveys, name="surveys"),
    path("new/", views.survey_new, name="survey_new"),
    path("staff-survey/", views.install_staff_survey, name="install_staff_survey"),
    path("<int:pk>/", views.survey_detail, name="survey"),
    path("<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("<int:pk>/send-to-staff/", views.send_to_staff, name="send_to_staff"),
    path("<int:pk>/results.xlsx", views.survey_export, name="survey_export"),
    path("follow-up/", views.follow_ups, name="follow_ups"),
    path("follow-up/<int:pk>/", views.follow_up, name="follow_up"),
    path("settings/", views.feedback_settings, name="settings"),
    path("quarter/", views.quarter, name="quarter"),
    path("import/", views.ratings_import, name="import"),
    path("we-did/", views.publications, name="publications"),
    path("we-did/<int:pk>/publish/", views.publication_publish, name="publish"),
]
