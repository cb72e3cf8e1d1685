"""The quality pages' routes (QA evaluations, evaluation forms, quality feedback reports, the dashboard), included
by apps/service/urls.py."""

from django.urls import path

from .views import dashboard, quality, quality_reports

urlpatterns = [
    path("quality/", quality.qa_list, name="qa-list"),
    path("quality/sample/", quality.qa_sample, name="qa-sample"),
    path("quality/<int:pk>/", quality.qa_detail, name="qa-detail"),
    path("quality/forms/", quality.form_list, name="qa-forms"),
    path("quality/forms/new/", quality.form_edit, name="qa-form-create"),
    path("quality/forms/<int:pk>/", quality.form_edit, name="qa-form-edit"),
    path("quality/reports/", quality_reports.report_list, name="quality-reports"),
    path("quality/reports/generate/", quality_reports.report_generate, name="quality-report-generate"),
    path("quality/reports/<int:pk>/", quality_reports.report_detail, name="quality-report"),
    path("quality/reports/<int:pk>/<slug:fmt>/", quality_reports.report_file, name="quality-report-file"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
