"""Mailbox intake's staff pages: the triage queue, a letter, its files and the triage actions."""

from django.urls import path

from . import mail_views

app_name = "mail"

urlpatterns = [
    path("", mail_views.queue, name="queue"),
    path("<int:pk>/", mail_views.letter_card, name="letter"),
    path("<int:pk>/files/<int:file_id>/", mail_views.letter_file, name="file"),
    path("<int:pk>/source/", mail_views.letter_source, name="source"),
    path("<int:pk>/register/", mail_views.letter_register, name="register"),
    path("<int:pk>/attach/", mail_views.letter_attach, name="attach"),
    path("<int:pk>/mark/", mail_views.letter_mark, name="mark"),
]
