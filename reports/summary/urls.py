from django.urls import path

from . import views

# Included into reports.urls (namespace "reports").
urlpatterns = [
    path("reports/", views.ReportRunListView.as_view(), name="reportrun_list"),
    path("reports/notes/", views.ReportNoteListView.as_view(), name="reportnote_list"),
    path("reports/notes/<int:pk>/", views.ReportNoteEditView.as_view(), name="reportnote_edit"),
    path("reports/<int:pk>/", views.ReportRunDetailView.as_view(), name="reportrun_detail"),
    path("reports/<int:pk>/status/", views.ReportRunStatusView.as_view(), name="reportrun_status"),
    path("reports/<int:pk>/retry/", views.ReportRunRetryView.as_view(), name="reportrun_retry"),
    path("reports/<int:pk>/download/<str:what>/", views.ReportRunDownloadView.as_view(), name="reportrun_download"),
]
