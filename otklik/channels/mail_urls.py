"""Mailbox intake's staff pages: the triage queue, a letter, its files and the triage actions."""

from django.urls import path

from . import mail_views

urlpatterns = [
    path("mail/", mail_views.queue, name="mail_queue"),
    path("mail/<int:pk>/", mail_views.letter_card, name="mail_letter"),
    path("mail/<int:pk>/files/<int:file_id>/", mail_views.letter_file, name="mail_file"),
    path("mail/<int:pk>/source/", mail_views.letter_source, name="mail_source"),
    path("mail/<int:pk>/register/", mail_views.letter_register, name="mail_register"),
    path("mail/<int:pk>/attach/", mail_views.letter_attach, name="mail_attach"),
    path("mail/<int:pk>/mark/", mail_views.letter_mark, name="mail_mark"),
]
