"""API of month-end and after-sale money: /api/v1/statements/, /api/v1/returns/, /api/v1/sales-plans/,
/api/v1/rebates/ — scoped reads, writes through the services, state changes as actions."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.catalog import selectors as catalog_selectors
from core.api.errors import Conflict
from core.api.fields import IdField
from core.api.permissions import ModelPermissions, require_perm

from .. import access, access_money
from ..choices import ReturnKind, ReturnReason
from ..models import OrderLine, RebateAccrual, ReturnLine, ReturnRequest, SalesPlan, Statement, StatementLine
from ..services import plans as plan_services
from ..services import returns as return_services
from ..services import statements as statement_services
from ..statement_documents import statement_pdf, statement_xlsx
from ..workflow import StateConflict

CONFLICT = OpenApiResponse(description="The current state does not allow the action (`code` says why).")
MONEY = {"max_digits": 16, "decimal_places": 2}
QTY = {"max_digits": 14, "decimal_places": 3}


class StateConflictAs409:
    def handle_exception(self, exc):
        if isinstance(exc, StateConflict):
            exc = Conflict(detail=" ".join(exc.messages), code=exc.code or "conflict")
        return super().handle_exception(exc)


def _allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# -- statements -----------------------------------------------------------------------------------------------


class StatementLineSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = StatementLine
        fields = ["position", "on", "kind", "kind_label", "reference", "description", "debit", "credit", "balance"]


class StatementSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Statement
        fields = ["id", "number", "customer", "customer_name", "partner", "period_start", "period_end",
                  "opening_balance", "shipments", "returns", "payments", "rebates", "other", "closing_balance",
                  "status", "status_label", "issued_on", "confirm_by", "confirmed_at", "disputed_at",
                  "dispute_reason", "resolved_at", "resolution"]


class StatementDetailSerializer(StatementSerializer):
    lines = StatementLineSerializer(many=True, read_only=True)

    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "lines"]


class DisputeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=2000)


class StatementFilter(django_filters.FilterSet):
    class Meta:
        model = Statement
        fields = {"status": ["exact"], "period_end": ["exact", "gte", "lte"], "customer": ["exact"],
                  "partner": ["exact"]}


class StatementViewSet(StateConflictAs409, viewsets.ReadOnlyModelViewSet):
    """Monthly statements (对账单) in the caller's scope; a partner user sees only its own company's."""

    permission_classes = [ModelPermissions]
    queryset = Statement.objects.none()
    filterset_class = StatementFilter
    search_fields = ["number", "customer__name"]
    ordering_fields = ["period_end", "closing_balance", "number"]
    ordering = ["-period_end", "customer_id"]

    def get_queryset(self):
        qs = access_money.statements_visible_to(self.request.user).select_related("customer")
        if self.action != "list":
            qs = qs.prefetch_related(Prefetch("lines", queryset=StatementLine.objects.order_by("position")))
        return qs

    def get_serializer_class(self):
        return StatementSerializer if self.action == "list" else StatementDetailSerializer

    def _out(self, statement):
        return Response(StatementDetailSerializer(self.get_queryset().get(pk=statement.pk)).data)

    @extend_schema(request=None, responses={200: StatementDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.view_statement")])
    def confirm(self, request, pk=None):
        """The counterparty confirms the statement."""
        statement = self.get_object()
        _allowed(access_money.can_confirm_statement(request.user))
        return self._out(statement_services.confirm_statement(actor=request.user, statement=statement))

    @extend_schema(request=DisputeSerializer, responses={200: StatementDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.view_statement")])
    def dispute(self, request, pk=None):
        """The counterparty disputes the statement, saying why; it goes to the sales admins."""
        statement = self.get_object()
        _allowed(access_money.can_confirm_statement(request.user))
        body = DisputeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._out(statement_services.dispute_statement(actor=request.user, statement=statement,
                                                              **body.validated_data))

    @extend_schema(request=ResolveSerializer, responses={200: StatementDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.view_statement")])
    def resolve(self, request, pk=None):
        """The sales admin records how a dispute was resolved."""
        statement = self.get_object()
        _allowed(access_money.can_resolve_statement(request.user))
        body = ResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._out(statement_services.resolve_statement(actor=request.user, statement=statement,
                                                              **body.validated_data))

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        """The statement as an Excel workbook."""
        return statement_xlsx(request, self.get_object())

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The statement as a PDF (Chinese font embedded)."""
        return statement_pdf(request, self.get_object())


# -- returns --------------------------------------------------------------------------------------------------


class ReturnLineSerializer(serializers.ModelSerializer):
    product = serializers.IntegerField(source="order_line.product_id", read_only=True)
    product_name = serializers.CharField(source="order_line.product.name", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = ReturnLine
        fields = ["id", "order_line", "product", "product_name", "quantity", "unit_price", "unsold", "unsoiled",
                  "packaging_intact", "undamaged", "outcome", "outcome_label", "credit_rate", "credit_amount",
                  "outcome_reason"]


class ReturnSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)
    lines = ReturnLineSerializer(many=True, read_only=True)

    class Meta:
        model = ReturnRequest
        fields = ["id", "number", "order", "order_number", "customer", "customer_name", "kind", "kind_label",
                  "reason", "reason_label", "description", "status", "status_label", "requested_on",
                  "beyond_quota", "quota_note", "warehouse", "inspected_at", "inspection_note", "decided_at",
                  "rejection_reason", "credit_amount", "credit_reference", "lines", "created_at"]


class ReturnLineInSerializer(serializers.Serializer):
    order_line = serializers.PrimaryKeyRelatedField(queryset=OrderLine.objects.all())
    quantity = serializers.DecimalField(**QTY, min_value=0)


class ReturnCreateSerializer(serializers.Serializer):
    order = IdField()
    kind = serializers.ChoiceField(choices=ReturnKind.choices, default=ReturnKind.RETURN)
    reason = serializers.ChoiceField(choices=ReturnReason.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    lines = ReturnLineInSerializer(many=True)


class FindingSerializer(serializers.Serializer):
    line = IdField(help_text="A return line id.")
    unsold = serializers.BooleanField()
    unsoiled = serializers.BooleanField()
    packaging_intact = serializers.BooleanField()
    undamaged = serializers.BooleanField()


class InspectSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)
    warehouse = IdField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RejectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ReturnViewSet(StateConflictAs409, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Returns and exchanges (换货与退货) in the caller's scope, credited by the quota rule."""

    permission_classes = [ModelPermissions]
    queryset = ReturnRequest.objects.none()
    serializer_class = ReturnSerializer
    filterset_fields = {"status": ["exact"], "kind": ["exact"], "order": ["exact"], "customer": ["exact"],
                        "requested_on": ["gte", "lte"]}
    search_fields = ["number", "order__number", "customer__name"]
    ordering_fields = ["created_at", "requested_on", "credit_amount"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return access_money.returns_visible_to(self.request.user).select_related("order", "customer") \
            .prefetch_related(Prefetch("lines", queryset=ReturnLine.objects.select_related("order_line__product")))

    def _out(self, request_obj, code=status.HTTP_200_OK):
        return Response(ReturnSerializer(self.get_queryset().get(pk=request_obj.pk)).data, status=code)

    @extend_schema(request=ReturnCreateSerializer, responses={201: ReturnSerializer, 409: CONFLICT})
    def create(self, request, *args, **kwargs):
        body = ReturnCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        order = access.orders_visible_to(request.user).filter(pk=data["order"]).first()
        if order is None:
            raise serializers.ValidationError({"order": ["Unknown order."]}, code="unknown_order")
        created = return_services.request_return(
            actor=request.user, order=order, kind=data["kind"], reason=data["reason"],
            description=data["description"], lines=[dict(row) for row in data["lines"]])
        return self._out(created, status.HTTP_201_CREATED)

    @extend_schema(request=InspectSerializer, responses={200: ReturnSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.view_returnrequest")])
    def inspect(self, request, pk=None):
        """Record the inspection (per line: unsold, unsoiled, packaging intact, undamaged) and the rule's result."""
        target = self.get_object()
        _allowed(access_money.can_inspect_return(request.user))
        body = InspectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        warehouse = None
        if body.validated_data.get("warehouse"):
            warehouse = catalog_selectors.get_warehouse_for(request.user, body.validated_data["warehouse"])
        return self._out(return_services.inspect_return(
            actor=request.user, request=target, findings=body.validated_data["findings"], warehouse=warehouse,
            note=body.validated_data["note"]))

    @extend_schema(request=None, responses={200: ReturnSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.view_returnrequest")])
    def approve(self, request, pk=None):
        """Accept what the rule credits: stock back, credit note, returned quantities."""
        target = self.get_object()
        _allowed(access_money.can_decide_return(request.user))
        return self._out(return_services.approve_return(actor=request.user, request=target))

    @extend_schema(request=RejectionSerializer, responses={200: ReturnSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.view_returnrequest")])
    def reject(self, request, pk=None):
        target = self.get_object()
        _allowed(access_money.can_decide_return(request.user))
        body = RejectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._out(return_services.reject_return(actor=request.user, request=target, **body.validated_data))


# -- sales plans and rebates ----------------------------------------------------------------------------------


class SalesPlanSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="subject_label", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SalesPlan
        fields = ["id", "period_kind", "period_start", "period_end", "org_unit", "market", "rep", "partner",
                  "category", "subject", "amount", "quantity", "status", "status_label", "notes", "submitted_at",
                  "decided_at", "decision_note", "consolidation"]
        read_only_fields = ["period_end", "status", "submitted_at", "decided_at", "decision_note", "consolidation"]


class SalesPlanViewSet(StateConflictAs409, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Sales plans (销售计划) by period for units, markets, reps and partners; a partner's approved plan is its
    quota. Submit to the branch GM, who approves or rejects."""

    permission_classes = [ModelPermissions]
    queryset = SalesPlan.objects.none()
    serializer_class = SalesPlanSerializer
    filterset_fields = {"period_kind": ["exact"], "period_start": ["exact", "gte", "lte"], "status": ["exact"],
                        "org_unit": ["exact"], "rep": ["exact"], "partner": ["exact"], "category": ["exact"]}
    ordering_fields = ["period_start", "amount"]
    ordering = ["-period_start", "id"]

    def get_queryset(self):
        return access_money.plans_visible_to(self.request.user).select_related("org_unit", "rep", "partner__customer")

    def perform_create(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if v is not None and v != ""}
        serializer.instance = plan_services.create_plan(actor=self.request.user, **data)

    def _out(self, plan):
        return Response(SalesPlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(request=None, responses={200: SalesPlanSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.add_salesplan")])
    def submit(self, request, pk=None):
        return self._out(plan_services.submit_plan(actor=request.user, plan=self.get_object()))

    @extend_schema(request=None, responses={200: SalesPlanSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.approve_salesplan")])
    def approve(self, request, pk=None):
        return self._out(plan_services.approve_plan(actor=request.user, plan=self.get_object()))

    @extend_schema(request=RejectionSerializer, responses={200: SalesPlanSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("orders.approve_salesplan")])
    def reject(self, request, pk=None):
        body = RejectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._out(plan_services.reject_plan(actor=request.user, plan=self.get_object(),
                                                   **body.validated_data))


class RebateSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.customer.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RebateAccrual
        fields = ["id", "partner", "partner_name", "year", "tier", "through", "volume", "rate", "amount",
                  "next_threshold", "next_rate", "status", "status_label", "settled_at", "credit_reference"]


class RebateViewSet(viewsets.ReadOnlyModelViewSet):
    """Year-end rebate accruals (年终返利) in the caller's scope; a partner user sees its own."""

    permission_classes = [ModelPermissions]
    queryset = RebateAccrual.objects.none()
    serializer_class = RebateSerializer
    filterset_fields = {"year": ["exact"], "partner": ["exact"], "status": ["exact"]}
    ordering = ["-year", "partner_id"]

    def get_queryset(self):
        return access_money.rebates_visible_to(self.request.user).select_related("partner__customer")

