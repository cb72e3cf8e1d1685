"""Shipments API: `/api/v1/shipments/` (list, create, detail; actions dispatch/, sign/, receipt/, cancel/,
follow-up/, exceptions/; the follow-up queue) and `/api/v1/shipment-exceptions/` (register, handle, claims)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from apps.catalog import selectors as catalog_selectors
from apps.catalog import services as catalog_services
from core.api.errors import Conflict
from core.api.fields import IdField
from core.api.permissions import ModelPermissions, require_perm

from .. import access, access_fulfilment
from ..choices_fulfilment import ClaimStatus, ExceptionKind, ExceptionStatus
from ..models import OrderLine, Shipment, ShipmentException, ShipmentFollowUp, ShipmentLine
from ..selectors import follow_up as follow_up_selectors
from ..services import follow_up as follow_up_services
from ..services import shipments as services
from ..workflow import StateConflict


class FulfilmentErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


ERRORS = {code: OpenApiResponse(FulfilmentErrorSerializer) for code in (400, 403, 404)}
ERRORS[409] = OpenApiResponse(FulfilmentErrorSerializer, description="The state does not allow the action "
                                                                     "(`invalid_transition`, `order_not_ready`, "
                                                                     "`insufficient_stock`, `over_shipped`).")


def run(call):
    """Call a service; a state conflict or missing stock answers 409 with its stable code."""
    try:
        with transaction.atomic():
            return call()
    except (services.ShipmentConflict, StateConflict, catalog_services.InsufficientStock) as exc:
        raise Conflict(exc.messages[0], code=exc.code or "conflict") from exc


def valid(serializer) -> dict:
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _label(field: str):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


# -- output ---------------------------------------------------------------------------------------------------


class ShipmentLineSerializer(serializers.ModelSerializer):
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)

    class Meta:
        model = ShipmentLine
        fields = ["id", "order_line", "product", "product_sku", "product_name", "quantity", "unit_price", "amount",
                  "serial_numbers"]


class ShipmentSerializer(serializers.ModelSerializer):
    status_label = _label("status")
    order_number = serializers.CharField(source="order.number", read_only=True)
    customer = serializers.IntegerField(source="order.customer_id", read_only=True)
    customer_name = serializers.CharField(source="order.customer.name", read_only=True)
    warehouse_name = serializers.CharField(source="warehouse.name", read_only=True)
    lines = ShipmentLineSerializer(many=True, read_only=True)

    class Meta:
        model = Shipment
        fields = ["id", "number", "order", "order_number", "customer", "customer_name", "warehouse",
                  "warehouse_name", "status", "status_label", "carrier", "tracking_number", "urgent", "amount",
                  "note", "dispatched_at", "signed_on", "signed_by_name", "sign_note", "receipt_returned_on",
                  "receipt_received_by", "receipt_note", "eta", "last_followed_at", "cancel_reason", "lines",
                  "created_at", "updated_at"]


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShipmentFollowUp
        fields = ["id", "shipment", "eta", "note", "customer_informed", "followed_at", "followed_by"]


class ExceptionSerializer(serializers.ModelSerializer):
    kind_label = _label("kind")
    status_label = _label("status")
    claim_status_label = _label("claim_status")
    shipment_number = serializers.CharField(source="shipment.number", read_only=True)

    class Meta:
        model = ShipmentException
        fields = ["id", "shipment", "shipment_number", "kind", "kind_label", "status", "status_label",
                  "description", "handling", "reported_at", "reported_by", "closed_at", "claim_status",
                  "claim_status_label", "claim_amount", "claim_settled_amount", "claim_settled_on"]


class QueueRowSerializer(serializers.Serializer):
    shipment = ShipmentSerializer()
    receiver = serializers.CharField()
    phone = serializers.CharField(help_text="Masked (138****5678) unless the caller's role may see full numbers.")
    due_at = serializers.DateTimeField()
    open_exceptions = serializers.IntegerField()


# -- input ----------------------------------------------------------------------------------------------------


class ShipmentLineInput(serializers.Serializer):
    order_line = IdField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=0)
    serial_numbers = serializers.ListField(child=serializers.CharField(max_length=60), required=False, default=list)


class ShipmentCreateSerializer(serializers.Serializer):
    order = IdField()
    warehouse = IdField(required=False, allow_null=True)
    carrier = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    tracking_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    urgent = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    lines = ShipmentLineInput(many=True)

    def validate_order(self, value):
        order = access.orders_visible_to(self.context["request"].user).filter(pk=value).first()
        if order is None:
            raise serializers.ValidationError(_("No such order."))
        return order

    def validate_warehouse(self, value):
        if value is None:
            return None
        warehouse = catalog_selectors.list_warehouses_for(self.context["request"].user).filter(pk=value).first()
        if warehouse is None:
            raise serializers.ValidationError(_("No such warehouse."))
        return warehouse

    def validate(self, data):
        own = {line.pk: line for line in OrderLine.objects.filter(order=data["order"])}
        for row in data["lines"]:
            if row["order_line"] not in own:
                raise serializers.ValidationError({"lines": [_("A line does not belong to the order.")]})
            row["order_line"] = own[row["order_line"]]
        return data


class DispatchSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=80, required=False)
    tracking_number = serializers.CharField(max_length=60, required=False)


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    signer = serializers.CharField(max_length=60)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReceiptSerializer(serializers.Serializer):
    returned_on = serializers.DateField()
    received_by = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True, help_text="A scan of the signed 回单.")


class ShipmentCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class FollowUpInput(serializers.Serializer):
    note = serializers.CharField(max_length=500)
    eta = serializers.DateField(required=False, allow_null=True, default=None)
    customer_informed = serializers.BooleanField(required=False, default=True)


class ExceptionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExceptionKind.choices)
    description = serializers.CharField(max_length=500)
    handling = serializers.CharField(required=False, allow_blank=True, default="")


class ExceptionHandleInput(serializers.Serializer):
    handling = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=ExceptionStatus.choices, required=False)


class ClaimInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[c for c in ClaimStatus.choices if c[0] != ClaimStatus.NONE],
                                     help_text="claimed (with amount), settled (with amount paid) or rejected.")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, min_value=0)
    settled_on = serializers.DateField(required=False, allow_null=True, default=None)


# -- viewsets -------------------------------------------------------------------------------------------------


# Actions first find the shipment in the caller's scope (404 otherwise), then check the right (403).
SEE = require_perm("orders.view_shipment")


class ShipmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Shipments in the caller's scope (through the order scope; out of scope: 404). State changes are actions."""

    permission_classes = [ModelPermissions]
    serializer_class = ShipmentSerializer
    search_fields = ["number", "tracking_number", "order__number", "order__customer__name"]
    ordering_fields = ["created_at", "dispatched_at", "number", "status"]
    ordering = ["-created_at", "-id"]
    filterset_fields = ["status", "order", "warehouse", "urgent"]
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (access_fulfilment.shipments_visible_to(self.request.user)
                .select_related("order__customer", "warehouse").prefetch_related("lines__product"))

    def _out(self, shipment, code=status.HTTP_200_OK) -> Response:
        return Response(ShipmentSerializer(self.get_queryset().get(pk=shipment.pk)).data, status=code)

    def _act(self, allowed, call) -> Response:
        shipment = self.get_object()
        if not allowed(self.request.user, shipment):
            if not _has_right(self.request.user, self.action):
                raise PermissionDenied
            raise Conflict(_("Shipment %(number)s is %(status)s; that is not possible now.")
                           % {"number": shipment.number, "status": shipment.get_status_display()},
                           code="invalid_transition")
        return self._out(run(lambda: call(shipment)))

    @extend_schema(request=ShipmentCreateSerializer, responses={201: ShipmentSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        if not access_fulfilment.can_create_shipment(request.user):
            raise PermissionDenied
        data = valid(ShipmentCreateSerializer(data=request.data, context={"request": request}))
        shipment = run(lambda: services.create_shipment(
            actor=request.user, order=data["order"], lines=data["lines"], warehouse=data.get("warehouse"),
            carrier=data["carrier"], tracking_number=data["tracking_number"], urgent=data["urgent"],
            note=data["note"]))
        return self._out(shipment, status.HTTP_201_CREATED)

    @extend_schema(request=DispatchSerializer, responses={200: ShipmentSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="dispatch", url_name="dispatch",
            permission_classes=[SEE])
    def dispatch_goods(self, request, pk=None):
        """The goods leave: stock is issued, the invoice posted and the order moved on."""
        data = valid(DispatchSerializer(data=request.data))
        return self._act(access_fulfilment.can_dispatch,
                         lambda s: services.dispatch_shipment(actor=request.user, shipment=s, **data))

    @extend_schema(request=SignSerializer, responses={200: ShipmentSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[SEE])
    def sign(self, request, pk=None):
        """Record the receiver's sign-off (签收)."""
        data = valid(SignSerializer(data=request.data))
        return self._act(access_fulfilment.can_record_sign,
                         lambda s: services.sign_shipment(actor=request.user, shipment=s, **data))

    @extend_schema(request={"application/json": ReceiptSerializer, "multipart/form-data": ReceiptSerializer},
                   responses={200: ShipmentSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[SEE])
    def receipt(self, request, pk=None):
        """Record the return receipt (回单), optionally with a scan of it."""
        data = valid(ReceiptSerializer(data=request.data))
        return self._act(access_fulfilment.can_record_receipt,
                         lambda s: services.record_receipt(actor=request.user, shipment=s, **data))

    @extend_schema(request=ShipmentCancelSerializer, responses={200: ShipmentSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[SEE])
    def cancel(self, request, pk=None):
        """Drop a shipment still being picked."""
        data = valid(ShipmentCancelSerializer(data=request.data))
        return self._act(access_fulfilment.can_cancel_shipment,
                         lambda s: services.cancel_shipment(actor=request.user, shipment=s, **data))

    @extend_schema(request=FollowUpInput, responses={201: FollowUpSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="follow-up",
            permission_classes=[SEE])
    def follow_up(self, request, pk=None):
        """Log a follow-up call (ETA, what the carrier said) on a shipment on the road."""
        shipment = self.get_object()
        if not access_fulfilment.can_follow_up(request.user):
            raise PermissionDenied
        data = valid(FollowUpInput(data=request.data))
        follow_up = run(lambda: follow_up_services.record_follow_up(actor=request.user, shipment=shipment, **data))
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExceptionInput, responses={201: ExceptionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[SEE])
    def exceptions(self, request, pk=None):
        """Register a transport exception (delay, shortage, damage, loss)."""
        shipment = self.get_object()
        if not access_fulfilment.can_register_exception(request.user):
            raise PermissionDenied
        data = valid(ExceptionInput(data=request.data))
        exception = run(lambda: follow_up_services.register_exception(actor=request.user, shipment=shipment,
                                                                      **data))
        return Response(ExceptionSerializer(exception).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: QueueRowSerializer(many=True), **ERRORS})
    @action(detail=False, methods=["get"], url_path="follow-up-queue",
            permission_classes=[require_perm("orders.follow_up_shipment")])
    def follow_up_queue(self, request):
        """Dispatched, unsigned shipments due for follow-up (from 14:00 the day after dispatch), oldest first."""
        rows = follow_up_selectors.follow_up_queue_for(request.user, search=request.query_params.get("search", ""))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(QueueRowSerializer(page, many=True).data)


def _has_right(user, action_name: str) -> bool:
    perms = {"dispatch_goods": "orders.dispatch_shipment", "cancel": "orders.dispatch_shipment",
             "sign": "orders.record_delivery", "receipt": "orders.record_delivery"}
    return user.has_perm(perms.get(action_name, "")) and not access.is_partner_user(user)


SEE_EXCEPTIONS = require_perm("orders.view_shipmentexception")


class ShipmentExceptionViewSet(viewsets.ReadOnlyModelViewSet):
    """Transport exceptions in the caller's scope; register them through `shipments/{id}/exceptions/`."""

    permission_classes = [ModelPermissions]
    serializer_class = ExceptionSerializer
    filterset_fields = ["kind", "status", "claim_status", "shipment"]
    ordering_fields = ["reported_at", "claim_amount"]
    ordering = ["-reported_at", "-id"]

    def get_queryset(self):
        return access_fulfilment.exceptions_visible_to(self.request.user).select_related("shipment")

    def _out(self, exception) -> Response:
        return Response(ExceptionSerializer(self.get_queryset().get(pk=exception.pk)).data)

    @extend_schema(request=ExceptionHandleInput, responses={200: ExceptionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[SEE_EXCEPTIONS])
    def handle(self, request, pk=None):
        """Add the handling and move the exception (open → handling → closed)."""
        exception = self.get_object()
        if not access_fulfilment.can_handle_exception(request.user):
            raise PermissionDenied
        data = valid(ExceptionHandleInput(data=request.data))
        return self._out(run(lambda: follow_up_services.update_exception(actor=request.user, exception=exception,
                                                                         **data)))

    @extend_schema(request=ClaimInput, responses={200: ExceptionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[SEE_EXCEPTIONS])
    def claim(self, request, pk=None):
        """The carrier claim: claimed (amount), settled (amount paid) or rejected."""
        exception = self.get_object()
        if not access_fulfilment.can_handle_exception(request.user):
            raise PermissionDenied
        data = valid(ClaimInput(data=request.data))
        kind, amount = data["status"], data.get("amount")
        if kind != ClaimStatus.REJECTED and amount is None:
            raise DjangoValidationError({"amount": _("Enter the amount.")})
        calls = {
            ClaimStatus.CLAIMED: lambda: follow_up_services.record_claim(actor=request.user, exception=exception,
                                                                         amount=amount),
            ClaimStatus.SETTLED: lambda: follow_up_services.settle_claim(actor=request.user, exception=exception,
                                                                         amount=amount, settled_on=data["settled_on"]),
            ClaimStatus.REJECTED: lambda: follow_up_services.reject_claim(actor=request.user, exception=exception),
        }
        return self._out(run(calls[kind]))

