from django.urls import path
from rest_framework.routers import SimpleRouter

from . import calendar_views
from .auth import ObtainTokenView

urlpatterns = [path("auth/token/", ObtainTokenView.as_view(), name="auth-token")]

calendar_router = SimpleRouter()
calendar_router.register("calendars", calendar_views.WorkCalendarViewSet, basename="calendar")
calendar_router.register("official-days", calendar_views.OfficialDayViewSet, basename="official-day")
urlpatterns += [
    path("calendar/days/", calendar_views.CalendarDaysView.as_view(), name="calendar-days"),
    path("calendar/add-working-time/", calendar_views.AddWorkingTimeView.as_view(), name="calendar-add-working-time"),
    *calendar_router.urls,
]
