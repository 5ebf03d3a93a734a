"""URLs of the staff registry pages."""

from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.registry_home, name="home"),
    path("changes/", views.change_list, name="changes"),
    path("changes/new/", views.change_new, name="change_new"),
    path("changes/<int:pk>/", views.change_detail, name="change"),
    path("changes/<int:pk>/edit/", views.change_edit, name="change_edit"),
    path("changes/<int:pk>/<str:decision>/", views.change_decide, name="change_decide"),
    path("versions/<int:number>/publish/", views.version_publish, name="publish"),
    path("principles/", views.principles, name="principles"),
]
