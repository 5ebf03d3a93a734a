"""URLs of the staff pages of the social-media inbox."""

from django.urls import path

from . import inbox_views as views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox, name="list"),
    path("new/", views.item_new, name="new"),
    path("import/", views.items_import, name="import"),
    path("templates/", views.answer_templates, name="templates"),
    path("<int:pk>/", views.item, name="item"),
    path("<int:pk>/answer/", views.item_answer, name="answer"),
    path("<int:pk>/convert/", views.item_convert, name="convert"),
    path("<int:pk>/close/", views.item_close, name="close"),
]
