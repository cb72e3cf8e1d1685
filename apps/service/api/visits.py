"""Return-visit API: the visits in the caller's ticket scope (out of scope: 404) and recording a call.

`GET /api/v1/return-visits/` (filters status, due, assignee, source, ticket, customer; paginated),
`GET /api/v1/return-visits/{id}/`, `POST /api/v1/return-visits/{id}/record/`.
"""

import django_filters
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.errors import Conflict
from core.api.fields import IdFilter
from core.api.permissions import ModelPermissions, require_perm
from core.parsing import parse_id
from core.phones import display_phone

from ..access import can_view_full_phone
from ..models import ReturnVisit
from ..services import visits as services
from ..visits import access, selectors
from ..visits.choices import ReturnVisitSource, ReturnVisitStatus
from ..visits.workflow import VisitClosed

# -- serializers -----------------------------------------------------------------------------------------------


class ReturnVisitSerializer(serializers.ModelSerializer):
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    ticket_number = serializers.CharField(source="ticket.number", read_only=True, default="")
    ticket_status = serializers.CharField(source="ticket.status", read_only=True, default="")
    customer_name = serializers.CharField(source="customer.name", read_only=True, default="")
    assignee_name = serializers.SerializerMethodField()
    team_name = serializers.CharField(source="team.display_name", read_only=True, default="")
    phone = serializers.SerializerMethodField()

    class Meta:
        model = ReturnVisit
        fields = ["id", "source", "source_label", "status", "status_label", "ticket", "ticket_number",
                  "ticket_status", "customer", "customer_name", "contact_name", "phone", "team", "team_name",
                  "assignee", "assignee_name", "due_at", "scheduled_at", "agreed_time", "attempt_count", "reached",
                  "satisfied", "score", "comment", "suggestions", "answered_via", "completed_at", "created_at",
                  "updated_at"]

    def get_assignee_name(self, visit) -> str:
        return (visit.assignee.first_name or visit.assignee.username) if visit.assignee else ""

    def get_phone(self, visit) -> str:
        return display_phone(visit.phone, full=can_view_full_phone(self.context["request"].user))


class ReturnVisitRecordSerializer(serializers.Serializer):
    reached = serializers.BooleanField(help_text="Whether the customer was reached on this call.")
    satisfied = serializers.BooleanField(required=False, allow_null=True, default=None,
                                         help_text="Required when reached.")
    score = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=5,
                                     help_text="1–5, required when reached.")
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="What the customer said; required when not satisfied (the ticket is "
                                              "reopened with it).")
    suggestions = serializers.CharField(required=False, allow_blank=True, default="")


class VisitErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


# -- filters ---------------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class AssigneeFilter(django_filters.CharFilter):
    """A user id, `me`, or `none` (unassigned)."""

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        if value == "me":
            return qs.filter(assignee_id=self.parent.request.user.pk)
        if value == "none":
            return qs.filter(assignee__isnull=True)
        assignee_id = parse_id(value)
        return qs.filter(assignee_id=assignee_id) if assignee_id else qs.none()


class ReturnVisitFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ReturnVisitStatus.choices)
    source = django_filters.ChoiceFilter(choices=ReturnVisitSource.choices)
    due = django_filters.ChoiceFilter(choices=[(d, d) for d in selectors.DUE_CHOICES], method="filter_due",
                                      help_text="today, overdue or upcoming (open visits by their due time).")
    assignee = AssigneeFilter(help_text="A user id, `me`, or `none`.")
    ticket = IdFilter(field_name="ticket_id")
    customer = IdFilter(field_name="customer_id")

    class Meta:
        model = ReturnVisit
        fields = {"due_at": ["gte", "lte"], "scheduled_at": ["gte", "lte"]}

    def filter_due(self, qs, name, value):
        return qs.filter(selectors.due_filter(value, timezone.now()))


# -- views -----------------------------------------------------------------------------------------------------

_ERRORS = {400: OpenApiResponse(VisitErrorSerializer, description="`invalid`: a field is wrong (e.g. `score` "
                                                                  "outside 1–5, `comment` missing when unsatisfied)."),
           403: OpenApiResponse(VisitErrorSerializer, description="The visit is someone else's."),
           404: OpenApiResponse(VisitErrorSerializer, description="No such visit in the caller's scope."),
           409: OpenApiResponse(VisitErrorSerializer, description="`visit_closed`: already done, unreachable or "
                                                                  "cancelled.")}


class ReturnVisitViewSet(viewsets.ReadOnlyModelViewSet):
    """Return visits in the caller's scope: a ticket's visits follow the ticket scope (an agent outside the
    ticket's team gets 404), plus the caller's own and their unit's visits."""

    permission_classes = [ModelPermissions]
    serializer_class = ReturnVisitSerializer
    filterset_class = ReturnVisitFilter
    search_fields = ["contact_name", "customer__name", "ticket__number"]
    ordering_fields = ["due_at", "scheduled_at", "created_at", "completed_at", "score"]
    ordering = ["due_at", "id"]

    def get_queryset(self):
        return access.return_visits_visible_to(self.request.user).select_related(*selectors.LIST_RELATED)

    @extend_schema(request=ReturnVisitRecordSerializer, responses={200: ReturnVisitSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[require_perm(access.RECORD)])
    def record(self, request, pk=None):
        """Record one call: not reached plans the next call (out of quiet hours) until the retry limit; satisfied
        closes the ticket; not satisfied reopens it to its team and starts the follow-up."""
        visit = self.get_object()
        if not visit.is_open:
            raise Conflict(VisitClosed.of(visit).messages[0], code="visit_closed")
        if not access.can_record(request.user, visit):
            raise PermissionDenied
        serializer = ReturnVisitRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            visit = services.record_return_visit(actor=request.user, visit=visit, **serializer.validated_data)
        except VisitClosed as exc:
            raise Conflict(exc.messages[0], code="visit_closed") from exc
        visit = self.get_queryset().get(pk=visit.pk)
        return Response(ReturnVisitSerializer(visit, context={"request": request}).data)
