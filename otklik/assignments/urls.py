"""URLs of the assignment pages: my tasks, the controller's tasks, the card, the resolution, the unit head's page."""

from django.urls import path

from . import views

app_name = "assignments"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("control/", views.controlled, name="controlled"),
    path("new/", views.resolution_new, name="new"),
    path("unit/", views.unit_page, name="unit"),
    path("unit/report.docx", views.unit_report, name="unit_report"),
    path("<int:pk>/", views.card, name="card"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/memo.docx", views.memo, name="memo"),
    path("<int:pk>/files/<int:file_id>/", views.report_file, name="file"),
]
