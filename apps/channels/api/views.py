import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.errors import Conflict
from core.api.permissions import ModelPermissions, require_perm

from .. import access, selectors, services
from ..choices import PartnerStage
from ..models import ApprovalStep, Partner, PartnerEvent
from ..workflow import StateConflict
from . import serializers as s

CONFLICT = OpenApiResponse(description="The current state does not allow the action (`code` says why).")


class StateConflictAs409:
    """Services refuse state-dependent actions with StateConflict; the API answers 409 with its code."""

    def handle_exception(self, exc):
        if isinstance(exc, StateConflict):
            exc = Conflict(detail=" ".join(exc.messages), code=exc.code or "conflict")
        return super().handle_exception(exc)


class PartnerFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=PartnerStage.choices, method="filter_stage",
                                        label="Lifecycle stage")
    province = django_filters.CharFilter(method="filter_province", label="Territory province code")

    class Meta:
        model = Partner
        fields = ["tier", "status", "special", "office", "parent", "grade", "exclusive"]

    def filter_stage(self, queryset, name, value):
        return queryset.filter(selectors.stage_filter(value))

    def filter_province(self, queryset, name, value):
        return queryset.filter(territories__province_code=value).distinct()


class PartnerViewSet(StateConflictAs409, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Channel partners in the caller's scope (a partner user: its own company); lifecycle changes are actions."""

    permission_classes = [ModelPermissions]
    serializer_class = s.PartnerSerializer
    filterset_class = PartnerFilter
    search_fields = ["customer__name", "customer__name_pinyin"]
    ordering_fields = ["id", "customer__name", "credit_limit", "authorised_until", "trial_ends_on", "created_at"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = access.partners_visible_to(self.request.user).select_related(
            "customer", "office", "parent__customer").prefetch_related("territories")
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("events", queryset=PartnerEvent.objects.select_related("actor")))
        return qs

    def get_serializer_class(self):
        return s.PartnerDetailSerializer if self.action == "retrieve" else s.PartnerSerializer

    def _out(self, partner):
        return s.PartnerDetailSerializer(self.get_queryset().prefetch_related("events").get(pk=partner.pk)).data

    @extend_schema(request=s.PartnerUpdateSerializer, responses={200: s.PartnerDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        partner = self.get_object()
        serializer = s.PartnerUpdateSerializer(data=request.data, partial=True,
                                               context={"request": request, "partner": partner})
        serializer.is_valid(raise_exception=True)
        services.update_partner(actor=request.user, partner=partner, **serializer.validated_data)
        return Response(self._out(partner))

    def _lifecycle_target(self):
        partner = self.get_object()
        if not access.can_change_status(self.request.user):
            raise PermissionDenied
        return partner

    @extend_schema(request=s.ReasonSerializer, responses={200: s.PartnerDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("channels.view_partner")])
    def suspend(self, request, pk=None):
        """Suspend (暂停) the partner, with a reason."""
        partner = self._lifecycle_target()
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self._out(services.suspend_partner(actor=request.user, partner=partner,
                                                           **serializer.validated_data)))

    @extend_schema(request=s.ResumeSerializer, responses={200: s.PartnerDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("channels.view_partner")])
    def resume(self, request, pk=None):
        """Lift a suspension: back to the tier held before."""
        partner = self._lifecycle_target()
        serializer = s.ResumeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self._out(services.resume_partner(actor=request.user, partner=partner,
                                                          **serializer.validated_data)))

    @extend_schema(request=s.ReasonSerializer, responses={200: s.PartnerDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("channels.view_partner")])
    def terminate(self, request, pk=None):
        """Terminate (淘汰) the partner, with a reason; its portal logins are closed."""
        partner = self._lifecycle_target()
        serializer = s.ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self._out(services.terminate_partner(actor=request.user, partner=partner,
                                                             **serializer.validated_data)))

    @extend_schema(request=s.PromoteSerializer, responses={200: s.PartnerDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("channels.view_partner")])
    def promote(self, request, pk=None):
        """Promote to the next tier; needs an approved application for that tier (else 409)."""
        partner = self._lifecycle_target()
        serializer = s.PromoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self._out(services.promote_partner(actor=request.user, partner=partner,
                                                           **serializer.validated_data)))


class ApplicationViewSet(StateConflictAs409, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Partner applications (准入): submit, see the checklist, and the two-step approval."""

    permission_classes = [ModelPermissions]
    serializer_class = s.ApplicationSerializer
    filterset_fields = {"status": ["exact"], "tier": ["exact"], "customer": ["exact"], "partner": ["exact"],
                        "submitted_at": ["gte", "lte"]}
    search_fields = ["customer__name"]
    ordering_fields = ["id", "submitted_at", "decided_at"]
    ordering = ["-submitted_at"]

    def get_queryset(self):
        return access.applications_visible_to(self.request.user).select_related("customer").prefetch_related(
            Prefetch("steps", queryset=ApprovalStep.objects.select_related("actor")))

    def _out(self, application, status_code=status.HTTP_200_OK):
        return Response(s.ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data, status=status_code)

    @extend_schema(request=s.ApplicationCreateSerializer, responses={201: s.ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.ApplicationCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        application = services.submit_application(actor=request.user, **serializer.validated_data)
        return self._out(application, status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.EvaluationSerializer})
    @action(detail=True, methods=["get"])
    def evaluate(self, request, pk=None):
        """The requested tier's checklist: each criterion passed or failed, with value, threshold and evidence."""
        return Response(selectors.evaluation_for(self.get_object()).as_dict())

    @extend_schema(request=s.ApproveSerializer,
                   responses={200: s.ApplicationSerializer, 403: OpenApiResponse(description="Not an approver."),
                              409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("channels.view_partnerapplication")])
    def approve(self, request, pk=None):
        """Approve the current step: the department manager first, then the marketing director."""
        application = self.get_object()
        serializer = s.ApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._out(services.approve_application(actor=request.user, application=application,
                                                      **serializer.validated_data))

    @extend_schema(request=s.RejectSerializer,
                   responses={200: s.ApplicationSerializer, 403: OpenApiResponse(description="Not an approver."),
                              409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("channels.view_partnerapplication")])
    def reject(self, request, pk=None):
        """Reject at the current step, with the reason."""
        application = self.get_object()
        serializer = s.RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._out(services.reject_application(actor=request.user, application=application,
                                                     **serializer.validated_data))

    @extend_schema(request={"multipart/form-data": s.DocumentSerializer},
                   responses={201: s.AttachmentSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        """Attach evidence (licence, credit documents, plan, report) to an open application."""
        application = self.get_object()
        serializer = s.DocumentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.attach_evidence(actor=request.user, application=application,
                                            kind=serializer.validated_data["kind"],
                                            upload=serializer.validated_data["file"])
        return Response(s.AttachmentSerializer(document).data, status=status.HTTP_201_CREATED)


class TerritoryViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Partners' territories (区域): provinces, or cities of them."""

    permission_classes = [ModelPermissions]
    serializer_class = s.TerritorySerializer
    filterset_fields = ["partner", "province_code", "city_code", "region"]
    search_fields = ["province", "city", "partner__customer__name"]
    ordering_fields = ["province_code", "city_code", "id"]
    ordering = ["province_code", "city_code", "id"]

    def get_queryset(self):
        return access.territories_visible_to(self.request.user).select_related("partner__customer", "region")

    @extend_schema(request=s.TerritoryCreateSerializer, responses={201: s.TerritorySerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.TerritoryCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        territory = services.add_territory(actor=request.user, **serializer.validated_data)
        return Response(s.TerritorySerializer(self.get_queryset().get(pk=territory.pk)).data,
                        status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.remove_territory(actor=self.request.user, territory=instance)


class ScorecardViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Partner scorecards; `PATCH` fills in the scores and computes the total."""

    permission_classes = [ModelPermissions]
    serializer_class = s.ScorecardSerializer
    filterset_fields = ["partner", "status", "flagged", "follow_up", "period_start"]
    search_fields = ["partner__customer__name"]
    ordering_fields = ["period_start", "total", "id"]
    ordering = ["-period_start", "-id"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return access.scorecards_visible_to(self.request.user).select_related("partner__customer")

    @extend_schema(request=s.ScorecardFillSerializer, responses={200: s.ScorecardSerializer})
    def partial_update(self, request, *args, **kwargs):
        scorecard = self.get_object()
        serializer = s.ScorecardFillSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        scores = {field: serializer.validated_data.get(field, getattr(scorecard, field))
                  for field in s.ScorecardFillSerializer().fields}
        scorecard = services.fill_scorecard(actor=request.user, scorecard=scorecard, **scores)
        return Response(s.ScorecardSerializer(scorecard).data)
