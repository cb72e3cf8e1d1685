from django.urls import path

from . import imports

urlpatterns = [
    path("", imports.import_page, name="imports"),
    path("template/", imports.import_template, name="import-template"),
    path("<int:pk>/", imports.import_detail, name="import-detail"),
    path("<int:pk>/start/", imports.import_start, name="import-start"),
    path("<int:pk>/report/", imports.import_report, name="import-report"),
]
