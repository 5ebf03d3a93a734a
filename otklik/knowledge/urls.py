"""URLs of the staff FAQ pages."""

from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.faq_list, name="faq_list"),
    path("new/", views.faq_edit, name="faq_new"),
    path("<int:pk>/", views.faq_edit, name="faq_edit"),
    path("<int:pk>/delete/", views.faq_delete, name="faq_delete"),
]
