"""The URL map: staff shell, calendar, admin, health, API and its documentation."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from otklik.core.views import health
from otklik.orgs.views import home

admin.site.site_header = "Отклик — администрирование"
admin.site.site_title = "Отклик"
admin.site.index_title = "Настройка организаций"

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", include("otklik.orgs.urls")),
    path("staff/calendar/", include("otklik.calendars.urls")),
    path("staff/registry/", include("otklik.touchpoints.urls")),
    path("staff/appeals/", include("otklik.appeals.urls")),
    path("staff/assignments/", include("otklik.assignments.urls")),
    path("staff/analysis/", include("otklik.reports.urls")),
    path("staff/faq/", include("otklik.knowledge.urls")),
    path("staff/api-keys/", include("otklik.api.key_urls")),
    path("staff/outbox/", include("otklik.notifications.urls")),
    path("o/<slug:slug>/account/", include("otklik.clients.urls")),
    path("staff/feedback/", include("otklik.feedback.urls")),
    path("o/<slug:slug>/feedback/", include("otklik.feedback.public_urls")),
    path("o/", include("otklik.portal.urls")),
    path("open311/v2/", include("otklik.api.open311.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("otklik.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("i18n/", include("django.conf.urls.i18n")),
]
