"""URLs of the service-level board: the page and its PDF and XLSX."""

from django.urls import path

from . import service_level_views as views

app_name = "service_levels"
urlpatterns = [
    path("", views.board, name="board"),
    path("service-levels.pdf", views.board_pdf, name="pdf"),
    path("service-levels.xlsx", views.board_xlsx, name="xlsx"),
]
