"""Calendar API: calendars and official days, and the working-day / working-time calculators."""

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import calendars
from core.models import OfficialDay
from core.workcal import NeverOpenError

from . import calendar_serializers as s
from .permissions import ModelPermissions, require_perm

_CAN_VIEW = "core.view_workcalendar"
_WRITE_METHODS = ["get", "post", "patch", "delete", "head", "options"]


def _valid(serializer) -> dict:
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class OfficialDayPermissions(ModelPermissions):
    """Whoever sees calendars sees official days; writing them takes the official-day permissions."""

    perms_map = {**ModelPermissions.perms_map, "GET": [_CAN_VIEW], "HEAD": [_CAN_VIEW]}


class WorkCalendarViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                          viewsets.ReadOnlyModelViewSet):
    """Working calendars: weekly hours, China's official calendar or not, company extra days; one is the default."""

    permission_classes = [ModelPermissions]
    serializer_class = s.WorkCalendarSerializer
    search_fields = ["name"]
    ordering_fields = ["name"]
    http_method_names = _WRITE_METHODS

    def get_queryset(self):
        return calendars.list_calendars()

    @extend_schema(request=s.WorkCalendarWriteSerializer, responses={201: s.WorkCalendarSerializer})
    def create(self, request, *args, **kwargs):
        data = _valid(s.WorkCalendarWriteSerializer(data=request.data))
        calendar = calendars.create_calendar(actor=request.user, **data)
        return Response(self._out(calendar), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.WorkCalendarWriteSerializer, responses={200: s.WorkCalendarSerializer})
    def partial_update(self, request, *args, **kwargs):
        calendar = self.get_object()
        data = _valid(s.WorkCalendarWriteSerializer(data=request.data, partial=True))
        calendars.update_calendar(actor=request.user, calendar=calendar, **data)
        return Response(self._out(calendar))

    def perform_destroy(self, instance):
        calendars.delete_calendar(actor=self.request.user, calendar=instance)

    def _out(self, calendar):
        return s.WorkCalendarSerializer(self.get_queryset().get(pk=calendar.pk)).data


class OfficialDayViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                         viewsets.ReadOnlyModelViewSet):
    """Official holidays and adjusted workdays entered by admins, e.g. next year's State Council schedule."""

    permission_classes = [OfficialDayPermissions]
    serializer_class = s.OfficialDaySerializer
    queryset = OfficialDay.objects.all()
    filterset_fields = {"date": ["exact", "gte", "lte"], "is_working_day": ["exact"]}
    ordering_fields = ["date"]
    http_method_names = _WRITE_METHODS

    @extend_schema(request=s.OfficialDayWriteSerializer, responses={201: s.OfficialDaySerializer})
    def create(self, request, *args, **kwargs):
        data = _valid(s.OfficialDayWriteSerializer(data=request.data))
        day = calendars.create_official_day(actor=request.user, **data)
        return Response(s.OfficialDaySerializer(day).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OfficialDayWriteSerializer, responses={200: s.OfficialDaySerializer})
    def partial_update(self, request, *args, **kwargs):
        data = _valid(s.OfficialDayWriteSerializer(data=request.data, partial=True))
        day = calendars.update_official_day(actor=request.user, official_day=self.get_object(), **data)
        return Response(s.OfficialDaySerializer(day).data)

    def perform_destroy(self, instance):
        calendars.delete_official_day(actor=self.request.user, official_day=instance)


class CalendarDaysView(APIView):
    """Each date from `from` to `to` with whether it is a working day and why (holiday name, 调休, company day)."""

    permission_classes = [require_perm(_CAN_VIEW)]

    @extend_schema(parameters=[s.DayRangeQuerySerializer], responses={200: s.DayListSerializer})
    def get(self, request):
        query = _valid(s.DayRangeQuerySerializer(data=request.query_params))
        engine = query["engine"]
        return Response(s.DayListSerializer({
            "calendar": engine.id, "days": engine.days(query["from"], query["to"]),
            "warnings": engine.warnings(query["from"], query["to"]),
        }).data)


class AddWorkingTimeView(APIView):
    """`start` plus working `days` (same clock time on the Nth working day) or open `hours`/`minutes`."""

    permission_classes = [require_perm(_CAN_VIEW)]

    @extend_schema(parameters=[s.AddWorkingTimeQuerySerializer], responses={200: s.WorkingTimeResultSerializer})
    def get(self, request):
        query = _valid(s.AddWorkingTimeQuerySerializer(data=request.query_params))
        engine, start = query["engine"], query["start"]
        try:
            if "days" in query:
                result = engine.add_working_days(start, query["days"])
            else:
                delta = dt.timedelta(hours=float(query.get("hours", 0)), minutes=query.get("minutes", 0))
                result = engine.add_working_time(start, delta)
        except NeverOpenError as exc:
            raise ValidationError({"calendar": [_("This calendar has no open time after the start.")]}) from exc
        except OverflowError as exc:
            raise ValidationError({"start": [_("The result would be out of range.")]}) from exc
        local_start = start.astimezone(engine.tz)
        return Response(s.WorkingTimeResultSerializer({
            "start": local_start.isoformat(), "result": result.isoformat(), "calendar": engine.id,
            "warnings": engine.warnings(local_start.date(), result.date()),
        }).data)
