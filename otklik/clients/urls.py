"""URLs of client accounts, under /o/<slug>/account/."""

from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("", views.history, name="history"),
    path("signup/", views.sign_up, name="sign_up"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("login/", views.sign_in, name="sign_in"),
    path("logout/", views.sign_out, name="sign_out"),
]
