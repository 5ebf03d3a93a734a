"""URLs of the contact-centre KPI board and its exports."""

from django.urls import path

from . import kpi_views as views

app_name = "cc_kpi"
urlpatterns = [
    path("", views.board, name="board"),
    path("export.xlsx", views.board_xlsx_download, name="xlsx"),
    path("export.pdf", views.board_pdf_download, name="pdf"),
]
