"""`/api/v1/branch-requests/`: branch daily purchase requests (采购申请单) with their master and detail notes."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.fields import IdField
from core.api.permissions import ModelPermissions, require_perm

from .. import access_fulfilment
from ..models import BranchPurchaseRequest, BranchRequestOrder, DetailDeliveryNote
from ..selectors import branch as selectors
from ..services import branch as services
from .shipments import ERRORS, run, valid


class RequestOrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="order.number", read_only=True)
    customer = serializers.IntegerField(source="order.customer_id", read_only=True)
    customer_name = serializers.CharField(source="order.customer.name", read_only=True)
    total_amount = serializers.DecimalField(source="order.total_amount", max_digits=16, decimal_places=2,
                                            read_only=True)

    class Meta:
        model = BranchRequestOrder
        fields = ["order", "number", "customer", "customer_name", "total_amount"]


class DetailNoteSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)

    class Meta:
        model = DetailDeliveryNote
        fields = ["id", "number", "customer", "customer_name", "amount", "issued_at", "issued_by"]


class BranchRequestSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    branch_name = serializers.CharField(source="branch.display_name", read_only=True)
    orders = RequestOrderSerializer(source="entries", many=True, read_only=True)
    detail_notes = DetailNoteSerializer(many=True, read_only=True)

    class Meta:
        model = BranchPurchaseRequest
        fields = ["id", "number", "branch", "branch_name", "business_date", "status", "status_label",
                  "total_amount", "orders", "submitted_at", "submitted_by", "master_note_number", "master_issued_at",
                  "master_issued_by", "details_issued_at", "detail_notes"]


class BranchRequestCreateSerializer(serializers.Serializer):
    branch = IdField(required=False, help_text="Default: the caller's branch.")
    business_date = serializers.DateField(required=False, help_text="Default: today's request day (after the "
                                                                    "cut-off, the next working day).")


SEE = require_perm("orders.view_branchpurchaserequest")


class BranchRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Branch purchase requests in the caller's scope. POST opens (or refreshes) a day's request with the orders
    approved by the cut-off; then submit/, issue-master/ (head office), issue-details/ (branch)."""

    permission_classes = [ModelPermissions]
    serializer_class = BranchRequestSerializer
    filterset_fields = ["branch", "status", "business_date"]
    ordering = ["-business_date", "-id"]

    def get_queryset(self):
        return (access_fulfilment.branch_requests_visible_to(self.request.user).select_related("branch")
                .prefetch_related("entries__order__customer", "detail_notes__customer"))

    def _out(self, request_row, code=status.HTTP_200_OK) -> Response:
        return Response(BranchRequestSerializer(self.get_queryset().get(pk=request_row.pk)).data, status=code)

    @extend_schema(request=BranchRequestCreateSerializer, responses={201: BranchRequestSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        data = valid(BranchRequestCreateSerializer(data=request.data))
        if "branch" in data:
            branch = selectors.branches_for(request.user).filter(pk=data["branch"]).first()
            if branch is None:
                raise serializers.ValidationError({"branch": [_("No such branch.")]})
        else:
            branch = selectors.branch_of(request.user)
            if branch is None:
                raise serializers.ValidationError({"branch": [_("Choose the branch.")]})
        created = run(lambda: services.collect_branch_request(actor=request.user, branch=branch,
                                                              business_date=data.get("business_date")))
        if not self.get_queryset().filter(pk=created.pk).exists():
            raise PermissionDenied
        return self._out(created, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: BranchRequestSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[SEE])
    def submit(self, request, pk=None):
        """Send the request to head office."""
        row = self.get_object()
        if not request.user.has_perm("orders.submit_branchpurchaserequest"):
            raise PermissionDenied
        return self._out(run(lambda: services.submit_branch_request(actor=request.user, request=row)))

    @extend_schema(request=None, responses={200: BranchRequestSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="issue-master",
            permission_classes=[SEE])
    def issue_master(self, request, pk=None):
        """Head office issues the master delivery note (总发货单)."""
        row = self.get_object()
        if not request.user.has_perm("orders.issue_master_note"):
            raise PermissionDenied
        return self._out(run(lambda: services.issue_master_note(actor=request.user, request=row)))

    @extend_schema(request=None, responses={200: BranchRequestSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="issue-details",
            permission_classes=[SEE])
    def issue_details(self, request, pk=None):
        """The branch issues one detail delivery note (明细发货单) per customer."""
        row = self.get_object()
        if not request.user.has_perm("orders.issue_detail_notes"):
            raise PermissionDenied
        run(lambda: services.issue_detail_notes(actor=request.user, request=row))
        return self._out(row)
