"""Sales-process API: activities, visit plans, opportunities (move, funnel) and leads (convert, disqualify)."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.errors import Conflict, error_response
from core.api.fields import IdFilter
from core.api.permissions import ModelPermissions, require_perm

from .. import selectors, services
from ..models import Activity, Lead, Opportunity, VisitPlan
from . import pipeline_serializers as s

_METHODS = ["get", "post", "patch", "head", "options"]
# Service refusals that mean "the record's state does not allow this" answer 409, not 400.
STATE_CODES = {"invalid_transition", "closed", "done"}
_NOT_FOUND = OpenApiResponse(description="Out of scope or unknown, including a referenced id (`fields` names it).")


def _codes(exc: DjangoValidationError) -> set[str]:
    errors = [e for es in exc.error_dict.values() for e in es] if hasattr(exc, "error_dict") else exc.error_list
    return {e.code for e in errors}


class _PipelineViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Scoped reads, writes through services, and referenced ids outside the caller's scope answered 404."""

    permission_classes = [ModelPermissions]
    http_method_names = _METHODS

    def handle_exception(self, exc):
        if isinstance(exc, s.OutOfScope):
            return error_response("not_found", _("Not found."), 404, {exc.field: [_("Not found.")]})
        if isinstance(exc, DjangoValidationError) and STATE_CODES & _codes(exc):
            exc = Conflict(" ".join(exc.messages))
        return super().handle_exception(exc)

    def valid(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def out(self, instance, code=status.HTTP_200_OK) -> Response:
        shown = self.get_queryset().filter(pk=instance.pk).first() or instance
        return Response(self.get_serializer(shown).data, status=code)


# -- activities ----------------------------------------------------------------------------------------------


class ActivityFilter(django_filters.FilterSet):
    customer = IdFilter(field_name="customer_id")
    owner = IdFilter(field_name="owner_id")
    opportunity = IdFilter(field_name="opportunity_id")

    class Meta:
        model = Activity
        fields = {"kind": ["exact"], "occurred_at": ["gte", "lte"], "remind_at": ["gte", "lte"]}


class ActivityViewSet(_PipelineViewSet):
    """Visits, calls, meetings, emails and notes on customers in the caller's scope."""

    serializer_class = s.ActivitySerializer
    filterset_class = ActivityFilter
    search_fields = ["subject", "outcome", "next_step", "customer__name"]
    ordering_fields = ["occurred_at", "remind_at", "created_at"]
    ordering = ["-occurred_at", "-id"]

    def get_queryset(self):
        return selectors.list_activities_for(self.request.user)

    @extend_schema(request=s.ActivityCreateSerializer, responses={201: s.ActivitySerializer, 404: _NOT_FOUND})
    def create(self, request, *args, **kwargs):
        activity = services.log_activity(actor=request.user, **self.valid(s.ActivityCreateSerializer))
        return self.out(activity, status.HTTP_201_CREATED)

    @extend_schema(request=s.ActivityUpdateSerializer, responses={200: s.ActivitySerializer, 404: _NOT_FOUND})
    def partial_update(self, request, *args, **kwargs):
        activity = self.get_object()
        services.update_activity(actor=request.user, activity=activity,
                                 **self.valid(s.ActivityUpdateSerializer, partial=True))
        return self.out(activity)


# -- visit plans ---------------------------------------------------------------------------------------------


class VisitPlanFilter(django_filters.FilterSet):
    customer = IdFilter(field_name="customer_id")
    owner = IdFilter(field_name="owner_id")
    done = django_filters.BooleanFilter(field_name="activity", lookup_expr="isnull", exclude=True)

    class Meta:
        model = VisitPlan
        fields = {"planned_on": ["exact", "gte", "lte"]}


class VisitPlanViewSet(mixins.DestroyModelMixin, _PipelineViewSet):
    """Reps' planned visits by day; a visit activity marks one done. Done plans no longer move or go."""

    serializer_class = s.VisitPlanSerializer
    filterset_class = VisitPlanFilter
    search_fields = ["customer__name", "purpose"]
    ordering_fields = ["planned_on", "created_at"]
    ordering = ["planned_on", "id"]
    http_method_names = [*_METHODS, "delete"]

    def get_queryset(self):
        return selectors.list_visit_plans_for(self.request.user)

    @extend_schema(request=s.VisitPlanCreateSerializer, responses={201: s.VisitPlanSerializer, 404: _NOT_FOUND})
    def create(self, request, *args, **kwargs):
        plan = services.plan_visit(actor=request.user, **self.valid(s.VisitPlanCreateSerializer))
        return self.out(plan, status.HTTP_201_CREATED)

    @extend_schema(request=s.VisitPlanUpdateSerializer, responses={200: s.VisitPlanSerializer})
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = self.valid(s.VisitPlanUpdateSerializer, partial=True)
        plan = services.move_visit(actor=request.user, plan=plan, planned_on=data.get("planned_on", plan.planned_on),
                                   purpose=data.get("purpose"))
        return self.out(plan)

    def perform_destroy(self, instance):
        services.remove_visit(actor=self.request.user, plan=instance)


# -- opportunities -------------------------------------------------------------------------------------------


class OpportunityFilter(django_filters.FilterSet):
    customer = IdFilter(field_name="customer_id")
    owner = IdFilter(field_name="owner_id")
    region = IdFilter(field_name="customer__region_id")

    class Meta:
        model = Opportunity
        fields = {"stage": ["exact", "in"], "expected_close": ["gte", "lte"], "created_at": ["gte", "lte"],
                  "closed_at": ["gte", "lte"]}


class OpportunityViewSet(_PipelineViewSet):
    """Deals in the pipeline 接近 → 了解 → 说明 → 促成 → 成交/失败; the stage changes only through `move/`."""

    serializer_class = s.OpportunitySerializer
    filterset_class = OpportunityFilter
    search_fields = ["name", "customer__name", "products"]
    ordering_fields = ["position", "amount", "expected_close", "created_at", "updated_at"]
    ordering = ["position", "-id"]

    def get_queryset(self):
        return selectors.list_opportunities_for(self.request.user)

    @extend_schema(request=s.OpportunityCreateSerializer, responses={201: s.OpportunitySerializer, 404: _NOT_FOUND})
    def create(self, request, *args, **kwargs):
        opportunity = services.create_opportunity(actor=request.user, **self.valid(s.OpportunityCreateSerializer))
        return self.out(opportunity, status.HTTP_201_CREATED)

    @extend_schema(request=s.OpportunityUpdateSerializer, responses={200: s.OpportunitySerializer})
    def partial_update(self, request, *args, **kwargs):
        opportunity = self.get_object()
        services.update_opportunity(actor=request.user, opportunity=opportunity,
                                    **self.valid(s.OpportunityUpdateSerializer, partial=True))
        return self.out(opportunity)

    @extend_schema(request=s.MoveSerializer, responses={200: s.OpportunitySerializer,
                                                        400: OpenApiResponse(description="Transition not allowed, "
                                                                                         "or lost without reason.")})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("customers.change_opportunity")])
    def move(self, request, pk=None):
        """Move to a stage (and a place on the board); lost needs `lost_reason`; won dates the customer's deal."""
        opportunity = services.move_opportunity(actor=request.user, opportunity=self.get_object(),
                                                **self.valid(s.MoveSerializer))
        return self.out(opportunity)

    @extend_schema(parameters=[s.FunnelQuerySerializer], responses={200: s.FunnelSerializer})
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def funnel(self, request):
        """Per stage: deals now and their amount, deals that ever reached it (from the stage history), conversion
        from the previous stage; totals and win rate."""
        query = s.FunnelQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(s.FunnelSerializer(selectors.funnel_for(request.user, **query.validated_data)).data)


# -- leads ---------------------------------------------------------------------------------------------------


class LeadFilter(django_filters.FilterSet):
    owner = IdFilter(field_name="owner_id")

    class Meta:
        model = Lead
        fields = {"status": ["exact", "in"], "source": ["exact"], "created_at": ["gte", "lte"]}


class LeadViewSet(_PipelineViewSet):
    """Unqualified contacts from fairs, the internet and website forms, until converted or disqualified."""

    serializer_class = s.LeadSerializer
    filterset_class = LeadFilter
    search_fields = ["name", "company", "phone", "interest"]
    ordering_fields = ["created_at", "updated_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.list_leads_for(self.request.user, status="")

    @extend_schema(request=s.LeadCreateSerializer, responses={201: s.LeadSerializer})
    def create(self, request, *args, **kwargs):
        lead = services.create_lead(actor=request.user, **self.valid(s.LeadCreateSerializer))
        return self.out(lead, status.HTTP_201_CREATED)

    @extend_schema(request=s.LeadUpdateSerializer, responses={200: s.LeadSerializer})
    def partial_update(self, request, *args, **kwargs):
        lead = services.update_lead(actor=request.user, lead=self.get_object(),
                                    **self.valid(s.LeadUpdateSerializer, partial=True))
        return self.out(lead)

    @extend_schema(request=s.LeadAssignSerializer, responses={200: s.LeadSerializer})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("customers.change_lead")])
    def assign(self, request, pk=None):
        """Hand the lead to a rep (who is notified)."""
        lead = services.assign_lead(actor=request.user, lead=self.get_object(), **self.valid(s.LeadAssignSerializer))
        return self.out(lead)

    @extend_schema(request=s.ConvertSerializer, responses={200: s.ConvertResultSerializer, 404: _NOT_FOUND})
    @action(detail=True, methods=["post"], permission_classes=[
        require_perm("customers.change_lead"), require_perm("customers.add_customer"),
        require_perm("customers.add_opportunity")])
    def convert(self, request, pk=None):
        """Turn the lead into a customer (an existing one with the same phone or name is linked instead) and an
        opportunity at 接近."""
        lead = self.get_object()
        _customer, opportunity = services.convert_lead(actor=request.user, lead=lead, **self.valid(s.ConvertSerializer))
        lead = self.get_queryset().get(pk=lead.pk)
        return Response(s.ConvertResultSerializer({"lead": lead, "opportunity": opportunity},
                                                  context=self.get_serializer_context()).data)

    @extend_schema(request=s.DisqualifySerializer, responses={200: s.LeadSerializer})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("customers.change_lead")])
    def disqualify(self, request, pk=None):
        """Close the lead with a reason."""
        lead = services.disqualify_lead(actor=request.user, lead=self.get_object(),
                                        **self.valid(s.DisqualifySerializer))
        return self.out(lead)
