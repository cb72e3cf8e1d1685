"""`/api/v1/cross-territory-flags/`: the 窜货 review queue (list, detail) and the reviewer's `review/` action."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.permissions import ModelPermissions, require_perm

from .. import access_fulfilment
from ..choices_fulfilment import FlagOutcome
from ..models import CrossTerritoryFlag
from ..services import flags as services
from .shipments import ERRORS, run, valid


class CrossTerritoryFlagSerializer(serializers.ModelSerializer):
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    partner_name = serializers.CharField(source="partner.customer.name", read_only=True)
    order_number = serializers.CharField(source="order.number", read_only=True, default="")
    shipment_number = serializers.CharField(source="shipment.number", read_only=True, default="")

    class Meta:
        model = CrossTerritoryFlag
        fields = ["id", "partner", "partner_name", "source", "source_label", "order", "order_number", "shipment",
                  "shipment_number", "serial_no", "reference", "province_code", "province", "city_code", "city",
                  "territory", "detected_at", "outcome", "outcome_label", "review_note", "reviewed_at",
                  "reviewed_by"]


class ReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=FlagOutcome.choices)
    note = serializers.CharField(max_length=500)


class CrossTerritoryFlagViewSet(viewsets.ReadOnlyModelViewSet):
    """Suspected cross-territory sales (窜货) for review; `outcome` empty = not yet reviewed."""

    permission_classes = [ModelPermissions]
    serializer_class = CrossTerritoryFlagSerializer
    filterset_fields = ["partner", "source", "outcome", "order"]
    search_fields = ["serial_no", "reference", "partner__customer__name", "order__number"]
    ordering_fields = ["detected_at", "reviewed_at"]
    ordering = ["-detected_at", "-id"]

    def get_queryset(self):
        return access_fulfilment.flags_visible_to(self.request.user).select_related(
            "partner__customer", "order", "shipment")

    @extend_schema(request=ReviewSerializer, responses={200: CrossTerritoryFlagSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.view_crossterritoryflag")])
    def review(self, request, pk=None):
        """Record the outcome (allowed / warned / penalised) with the reason."""
        flag = self.get_object()
        if not access_fulfilment.can_review_flag(request.user, flag):
            raise PermissionDenied
        data = valid(ReviewSerializer(data=request.data))
        flag = run(lambda: services.review_flag(actor=request.user, flag=flag, **data))
        return Response(CrossTerritoryFlagSerializer(self.get_queryset().get(pk=flag.pk)).data)
