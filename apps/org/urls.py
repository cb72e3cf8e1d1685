from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("", views.org_chart, name="chart"),
    path("employees/", views.employee_list, name="employees"),
    path("employees/export/", views.employee_export, name="employee-export"),
    path("employees/new/", views.employee_create, name="employee-create"),
    path("employees/<int:pk>/", views.employee_detail, name="employee-detail"),
    path("employees/<int:pk>/edit/", views.employee_edit, name="employee-edit"),
    path("employees/<int:pk>/<str:action>/", views.employee_action, name="employee-action"),
    path("roles/", views.role_list, name="roles"),
    path("roles/<slug:code>/", views.role_edit, name="role-edit"),
    path("units/new/", views.unit_form, name="unit-create"),
    path("units/<int:pk>/", views.unit_form, name="unit-edit"),
]
