from django.contrib.auth import views as auth_views
from django.urls import path

from . import calendar_views, rules_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
         name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="registration/password_change_done.html"), name="password_change_done"),
    path("search/", views.search, name="search"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_notifications_read, name="notifications-read"),
    path("audit/", views.audit_log, name="audit-log"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/new/", calendar_views.calendar_create, name="calendar-create"),
    path("calendar/<int:pk>/", calendar_views.calendar_edit, name="calendar-edit"),
    path("calendar/<int:pk>/delete/", calendar_views.calendar_delete, name="calendar-delete"),
    path("calendar/<int:pk>/extra-days/", calendar_views.extra_day_add, name="calendar-extra-day-add"),
    path("calendar/<int:pk>/extra-days/<int:day_pk>/delete/", calendar_views.extra_day_delete,
         name="calendar-extra-day-delete"),
    path("calendar/official-days/", calendar_views.official_day_add, name="official-day-add"),
    path("calendar/official-days/<int:pk>/delete/", calendar_views.official_day_delete, name="official-day-delete"),
    path("settings/rules/", rules_views.rules_page, name="rules"),
    path("settings/rules/<str:key>/", rules_views.rule_set, name="rule-set"),
]
