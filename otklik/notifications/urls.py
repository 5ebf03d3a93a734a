"""URLs of the send log and the message templates."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.send_log, name="send_log"),
    path("templates/", views.message_templates, name="message_templates"),
    path("templates/<str:event>/", views.message_template_edit, name="message_template"),
]
