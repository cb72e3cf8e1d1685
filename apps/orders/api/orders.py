"""Orders API (issue #4 contract): /api/v1/orders/ with submit/, approve/, cancel/; price exceptions; and
GET /api/v1/prices/resolve/."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.catalog import access as catalog_access
from apps.catalog.models import Product
from apps.catalog.services import InsufficientStock
from core.api.errors import Conflict, error_response
from core.api.fields import IdField
from core.api.idempotency import KEY_PARAMETER, idempotent

from .. import access
from ..choices import OrderChannel, OrderStatus, PaymentMode
from ..models import Order, PriceException
from ..selectors import orders as selectors
from ..services import orders as services
from ..workflow import StateConflict

MONEY = {"max_digits": 16, "decimal_places": 2}
QTY = {"max_digits": 14, "decimal_places": 3}
CONFLICT = OpenApiResponse(description="The order's state does not allow the action (`code` says why).")
QUOTE_ERRORS = {"no_price", "not_on_sale", "invalid_quantity", "invalid_tier"}


class ConflictsAs409:
    """Services refuse state-dependent actions with StateConflict, short stock with InsufficientStock: 409."""

    def handle_exception(self, exc):
        if isinstance(exc, StateConflict | InsufficientStock):
            exc = Conflict(detail=" ".join(exc.messages), code=exc.code or "conflict")
        return super().handle_exception(exc)


class OrderPermission(BasePermission):
    """Reading needs an order view right (the warehouse's covers released orders); creating needs add_order;
    each action checks its own can_* on the order."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return access.can_view_orders(user)
        if view.action == "create":
            return access.can_create_order(user)
        return access.can_view_orders(user)


# -- serializers ----------------------------------------------------------------------------------------------------


class PriceStepSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    amount = serializers.DecimalField(allow_null=True, **MONEY)


class OrderLineSerializer(serializers.Serializer):
    id = IdField()
    position = serializers.IntegerField()
    product = IdField(source="product_id")
    sku = serializers.CharField(source="product.sku")
    product_name = serializers.CharField(source="product.name")
    quantity = serializers.DecimalField(**QTY)
    list_price = serializers.DecimalField(**MONEY)
    unit_price = serializers.DecimalField(**MONEY)
    floor_price = serializers.SerializerMethodField()
    below_floor = serializers.BooleanField()
    amount = serializers.DecimalField(**MONEY)
    shipped_quantity = serializers.DecimalField(**QTY)
    reserved_quantity = serializers.DecimalField(**QTY)
    explanation = serializers.SerializerMethodField()

    def _view(self, line) -> dict:
        return selectors.line_view(self.context["request"].user, line)

    @extend_schema_field(serializers.DecimalField(allow_null=True, **MONEY))
    def get_floor_price(self, line) -> str | None:
        floor = self._view(line)["floor_price"]
        return None if floor is None else f"{floor:.2f}"

    @extend_schema_field(PriceStepSerializer(many=True))
    def get_explanation(self, line) -> list[dict]:
        return self._view(line)["explanation"]


class ShipToSerializer(serializers.Serializer):
    province_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    province = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)
    district = serializers.CharField(read_only=True)
    city_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    district_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    receiver_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    receiver_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class OrderSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    customer_name = serializers.CharField(source="customer.name")
    ship_to = serializers.SerializerMethodField()
    lines = OrderLineSerializer(many=True)

    class Meta:
        model = Order
        fields = ["id", "number", "status", "status_label", "hold_kind", "hold_reason", "customer", "customer_name",
                  "partner", "channel", "payment_mode", "price_tier", "customer_grade", "price_date",
                  "requested_date", "delivery_rule", "promised_date", "delivery_note", "ship_to", "warehouse",
                  "total_amount", "paid_amount", "notes", "submitted_at", "approved_at", "cancel_reason",
                  "created_at", "lines"]

    @extend_schema_field(ShipToSerializer)
    def get_ship_to(self, order) -> dict:
        return {"province_code": order.ship_to_province_code, "province": order.ship_to_province,
                "city_code": order.ship_to_city_code, "city": order.ship_to_city,
                "district_code": order.ship_to_district_code, "district": order.ship_to_district,
                "address": order.ship_to_address, "receiver_name": order.receiver_name,
                "receiver_phone": order.receiver_phone}


class LineInSerializer(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    quantity = serializers.DecimalField(min_value=0, **QTY)
    unit_price = serializers.DecimalField(required=False, allow_null=True, min_value=0,
                                          help_text="Only for roles that may set prices; below the floor it needs "
                                                    "a price exception.", **MONEY)

    def validate_product(self, product):
        if not catalog_access.products_visible_to(self.context["request"].user).filter(pk=product.pk).exists():
            raise serializers.ValidationError(_("Unknown product."))
        return product


class OrderCreateSerializer(serializers.Serializer):
    customer = IdField()
    lines = LineInSerializer(many=True, allow_empty=False)
    ship_to = ShipToSerializer(required=False)
    requested_date = serializers.DateField(required=False, allow_null=True)
    payment_mode = serializers.ChoiceField(choices=PaymentMode.choices, required=False)
    channel = serializers.ChoiceField(choices=OrderChannel.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)

    def validate_customer(self, pk):
        customer = selectors.customers_for_orders(self.context["request"].user).filter(pk=pk).first()
        if customer is None:
            raise serializers.ValidationError(_("Unknown customer."))
        return customer


class OrderUpdateSerializer(OrderCreateSerializer):
    customer = None
    lines = LineInSerializer(many=True, allow_empty=False, required=False)


class OrderReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


# -- views ----------------------------------------------------------------------------------------------------------


class OrderFilter(django_filters.FilterSet):
    created_at__gte = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_at__lte = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Order
        fields = ["status", "hold_kind", "customer", "partner", "payment_mode", "channel"]


class OrderViewSet(ConflictsAs409, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Orders in the caller's scope (a partner user: its own company's; the warehouse: released ones)."""

    permission_classes = [OrderPermission]
    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    search_fields = ["number", "customer__name"]
    ordering_fields = ["created_at", "number", "total_amount", "submitted_at", "requested_date"]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.orders_with_lines(access.orders_visible_to(self.request.user).select_related("customer"))

    def _out(self, order, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=order.pk)).data, status=code)

    @staticmethod
    def _header(data: dict, user) -> dict:
        header = {k: data[k] for k in ("requested_date", "payment_mode", "channel", "notes") if k in data}
        if access.is_partner_user(user):
            header["channel"] = OrderChannel.PORTAL
        return header

    @extend_schema(request=OrderCreateSerializer, responses={201: OrderSerializer}, parameters=[KEY_PARAMETER])
    @idempotent
    def create(self, request, *args, **kwargs):
        data = OrderCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        order = services.create_order(actor=request.user, customer=values["customer"], lines=values["lines"],
                                      ship_to=values.get("ship_to"), **self._header(values, request.user))
        return self._out(order, status.HTTP_201_CREATED)

    @extend_schema(request=OrderUpdateSerializer, responses={200: OrderSerializer, 409: CONFLICT})
    def partial_update(self, request, *args, **kwargs):
        order = self.get_object()
        if not access.can_edit_order(request.user, order):
            if order.status != OrderStatus.DRAFT:
                raise Conflict(_("Only a draft can be changed."), code="not_draft")
            return error_response("permission_denied", _("You may not change this order."), 403)
        data = OrderUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.update_order(actor=request.user, order=order, lines=values.get("lines"),
                              ship_to=values.get("ship_to"), **self._header(values, request.user))
        return self._out(order)

    def _forbid_unless(self, allowed: bool):
        if not allowed:
            self.permission_denied(self.request, message=_("Your role may not do this."))

    @extend_schema(request=None, responses={200: OrderSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft: delivery promise, price exceptions, credit check. Submitting again is a no-op."""
        order = self.get_object()
        if order.status == OrderStatus.DRAFT:
            self._forbid_unless(access.can_submit_order(request.user, order))
        order = services.submit_order(actor=request.user, order=order)
        return self._out(order)

    @extend_schema(request=OrderReasonSerializer, responses={200: OrderSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve (credit exception on a credit or overdue hold: director, with a reason)."""
        order = self.get_object()
        self._forbid_unless(access.can_approve_order(request.user) or access.can_approve_credit_exception(request.user))
        data = OrderReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.approve_order(actor=request.user, order=order, reason=data.validated_data.get("reason", ""))
        return self._out(order)

    @extend_schema(request=OrderReasonSerializer, responses={200: OrderSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel with a reason (before shipping starts)."""
        order = self.get_object()
        if order.status not in access.CANCELLABLE_STATUSES:
            raise Conflict(_("This order can no longer be cancelled."), code="not_cancellable")
        self._forbid_unless(access.can_cancel_order(request.user, order))
        data = OrderReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.cancel_order(actor=request.user, order=order, reason=data.validated_data.get("reason", ""))
        return self._out(order)


class PriceExceptionSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number")
    product_name = serializers.CharField(source="line.product.name")

    class Meta:
        model = PriceException
        fields = ["id", "order", "order_number", "line", "product_name", "requested_price", "floor_price", "reason",
                  "status", "decided_by", "decided_at", "decision_note", "created_at"]


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class PriceExceptionViewSet(ConflictsAs409, viewsets.ReadOnlyModelViewSet):
    """Requests to sell below the floor; the authorised role approves or rejects them."""

    serializer_class = PriceExceptionSerializer
    filterset_fields = ["status", "order"]
    ordering = ["-created_at", "-id"]

    def get_permissions(self):
        return [_RequirePriceExceptionView()]

    def get_queryset(self):
        return access.price_exceptions_visible_to(self.request.user).select_related("order", "line__product")

    def _decide(self, request, approve: bool):
        exception = self.get_object()
        if not access.can_decide_price_exception(request.user):
            self.permission_denied(request, message=_("Your role may not decide price exceptions."))
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        exception = services.decide_price_exception(actor=request.user, exception=exception, approve=approve,
                                                    note=data.validated_data.get("note", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=exception.pk)).data)

    @extend_schema(request=DecisionSerializer, responses={200: PriceExceptionSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, True)

    @extend_schema(request=DecisionSerializer, responses={200: PriceExceptionSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, False)


class _RequirePriceExceptionView(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.has_perm("orders.view_priceexception")
                                                        or access.can_decide_price_exception(user)))


# -- price resolution ----------------------------------------------------------------------------------------------


class ResolveQuerySerializer(serializers.Serializer):
    customer = IdField()
    product = IdField()
    quantity = serializers.DecimalField(min_value=0, required=False, default=1, **QTY)
    date = serializers.DateField(required=False)


class ResolvedPriceSerializer(serializers.Serializer):
    customer = IdField()
    product = IdField(source="product_id")
    tier = serializers.CharField()
    grade = serializers.CharField()
    quantity = serializers.DecimalField(**QTY)
    date = serializers.DateField(source="on")
    unit_price = serializers.DecimalField(**MONEY)
    list_price = serializers.DecimalField(**MONEY)
    floor_price = serializers.DecimalField(allow_null=True, help_text="Null for roles without the "
                                           "confidential-prices right.", **MONEY)
    below_floor = serializers.BooleanField()
    line_total = serializers.DecimalField(**MONEY)
    explanation = PriceStepSerializer(many=True)


class _CanQuote(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated
                    and (access.can_create_order(user) or catalog_access.can_view_prices(user)))


class PriceResolveView(APIView):
    """The price a customer pays for a quantity of a product on a date, and how it was reached (tier list and
    quantity break → period window → grade discount, never below the floor). Customers outside the caller's scope
    and unknown products answer 404."""

    permission_classes = [_CanQuote]

    @extend_schema(parameters=[ResolveQuerySerializer], responses={200: ResolvedPriceSerializer})
    def get(self, request):
        query = ResolveQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        customer = selectors.customers_for_orders(request.user).filter(pk=data["customer"]).first()
        product = catalog_access.products_visible_to(request.user).filter(pk=data["product"]).first()
        if customer is None or product is None:
            return error_response("not_found", _("Not found."), status.HTTP_404_NOT_FOUND)
        try:
            quote = selectors.quote_for_customer(request.user, customer=customer, product=product,
                                                 quantity=data["quantity"], on=data.get("date") or timezone.localdate())
        except DjangoValidationError as exc:
            if getattr(exc, "code", None) in QUOTE_ERRORS:
                return error_response(exc.code, exc.messages[0], status.HTTP_400_BAD_REQUEST)
            raise
        quote.customer = customer.pk
        return Response(ResolvedPriceSerializer(quote).data)

