"""URLs of the platforms' webhooks for the social-media inbox (no login: each is checked by its secret)."""

from django.urls import path

from . import webhooks

app_name = "social_hooks"
urlpatterns = [
    path("vk/<int:pk>/", webhooks.vk_callback, name="vk"),
    path("telegram/<int:pk>/", webhooks.telegram_update, name="telegram"),
]
