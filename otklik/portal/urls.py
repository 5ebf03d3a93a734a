"""URLs of the public portal."""

from django.urls import path

from . import appeal_views, developer_views, rating_views, status_views, views

app_name = "portal"
urlpatterns = [
    path("view-mode/", views.view_mode_toggle, name="view_mode"),
    path("<slug:slug>/", views.organisation_page, name="organisation"),
    path("<slug:slug>/appeal/new/", appeal_views.appeal_new, name="appeal_new"),
    path("<slug:slug>/appeal/<int:pk>/done/", appeal_views.appeal_done, name="appeal_done"),
    path("<slug:slug>/status/", status_views.status_page, name="status"),
    path("<slug:slug>/rate/<str:token>/", rating_views.rate_answer, name="rate"),
    path("<slug:slug>/faq/", views.faq_page, name="faq"),
    path("<slug:slug>/developers/", developer_views.developers_page, name="developers"),
    path("<slug:slug>/registry/", views.registry_page, name="registry"),
    path("<slug:slug>/registry/diff/", views.registry_diff, name="registry_diff"),
    path("<slug:slug>/registry.<str:fmt>", views.registry_download, name="registry_download"),
]
