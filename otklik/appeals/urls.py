"""URLs of the staff appeal pages: the queue, registration, the card and its actions."""

from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views.card, name="card"),
    path("<int:pk>/extend/", views.action, {"name": "extend"}, name="extend"),
    path("<int:pk>/forward/", views.action, {"name": "forward"}, name="forward"),
    path("<int:pk>/notice/", views.action, {"name": "notice"}, name="notice"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/answers/<int:answer_id>/letter.<str:fmt>", views.letter, name="letter"),
    path("<int:pk>/do/<str:name>/", views.action, name="action"),
    path("classifier/", views.classifier_picker, name="classifier"),
    path("themes/", views.themes_for_text, name="themes_for_text"),
    path("themes/add/", views.themes_codes_add, name="themes_codes_add"),
]
