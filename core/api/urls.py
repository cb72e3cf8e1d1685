from django.urls import path
from rest_framework.routers import SimpleRouter

from . import calendar_views, division_views, rules_views
from .auth import ObtainTokenView

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("divisions/", division_views.DivisionListView.as_view(), name="divisions"),
]

calendar_router = SimpleRouter()
calendar_router.register("calendars", calendar_views.WorkCalendarViewSet, basename="calendar")
calendar_router.register("official-days", calendar_views.OfficialDayViewSet, basename="official-day")
urlpatterns += [
    path("calendar/days/", calendar_views.CalendarDaysView.as_view(), name="calendar-days"),
    path("calendar/add-working-time/", calendar_views.AddWorkingTimeView.as_view(), name="calendar-add-working-time"),
    *calendar_router.urls,
]

rules_router = SimpleRouter()
rules_router.register("rule-parameters", rules_views.RuleParameterViewSet, basename="rule-parameter")
urlpatterns += rules_router.urls
