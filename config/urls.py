"""The URL map: staff shell, calendar, admin, health, API and its documentation."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from otklik.core.views import health, security_txt
from otklik.orgs.views import home

admin.site.site_header = "Отклик — администрирование"
admin.site.site_title = "Отклик"
admin.site.index_title = "Настройка организаций"

# Under /api/ and /open311/ Django's own errors answer in the API's format; elsewhere the HTML pages.
handler400 = "otklik.api.errors.bad_request"
handler403 = "otklik.api.errors.permission_denied"
handler404 = "otklik.api.errors.page_not_found"
handler500 = "otklik.api.errors.server_error"

# Redoc styles itself with inline <style> elements (styled-components) and searches in a blob: worker; on its page
# alone the policy allows both. Scripts stay our own files there too, and the page shows only our own schema.
redoc = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
    SpectacularRedocView.as_view(url_name="api-schema")
)

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", include("otklik.orgs.urls")),
    path("staff/calendar/", include("otklik.calendars.urls")),
    path("staff/registry/", include("otklik.touchpoints.urls")),
    path("staff/appeals/", include("otklik.appeals.urls")),
    path("staff/text/", include("otklik.text.urls")),
    path("staff/assignments/", include("otklik.assignments.urls")),
    path("staff/analysis/", include("otklik.reports.urls")),
    path("staff/faq/", include("otklik.knowledge.urls")),
    path("staff/api-keys/", include("otklik.api.key_urls")),
    path("staff/outbox/", include("otklik.notifications.urls")),
    path("o/<slug:slug>/account/", include("otklik.clients.urls")),
    path("staff/feedback/", include("otklik.feedback.urls")),
    path("staff/channels/", include("otklik.channels.urls")),
    path("staff/service-levels/", include("otklik.orgs.service_level_urls")),
    path("hooks/social/", include("otklik.channels.webhook_urls")),
    path("o/<slug:slug>/feedback/", include("otklik.feedback.public_urls")),
    path("o/", include("otklik.portal.urls")),
    path("open311/v2/", include("otklik.api.open311.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("otklik.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script from its own address: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", redoc, name="api-redoc"),
    path("i18n/", include("django.conf.urls.i18n")),
]
