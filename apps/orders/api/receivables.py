"""Receivables API: /api/v1/payments/ (record with an Idempotency-Key), /api/v1/ar-documents/ (invoices and
credit notes) and /api/v1/ar-documents/aging/."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from core.api.fields import IdField
from core.api.idempotency import KEY_PARAMETER, idempotent

from .. import access
from ..choices import PaymentMethod
from ..models import ARDocument, Order, Payment
from ..selectors import orders as order_selectors
from ..selectors import receivables as selectors
from ..services import receivables as services

MONEY = {"max_digits": 16, "decimal_places": 2}


class PaymentSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name")
    order_number = serializers.CharField(source="order.number", allow_null=True, default=None)
    method_label = serializers.CharField(source="get_method_display")

    class Meta:
        model = Payment
        fields = ["id", "number", "customer", "customer_name", "partner", "order", "order_number", "amount",
                  "unallocated_amount", "received_on", "method", "method_label", "reference", "recorded_by",
                  "created_at"]


class PaymentCreateSerializer(serializers.Serializer):
    customer = IdField()
    amount = serializers.DecimalField(min_value=0, **MONEY)
    received_on = serializers.DateField(required=False)
    method = serializers.ChoiceField(choices=PaymentMethod.choices, default=PaymentMethod.BANK_TRANSFER)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=100)
    order = IdField(required=False, allow_null=True,
                                     help_text="The order this payment is for (款到发货); releases it once covered.")

    def validate_customer(self, pk):
        customer = order_selectors.customers_for_orders(self.context["request"].user).filter(pk=pk).first()
        if customer is None:
            raise serializers.ValidationError(_("Unknown customer."))
        return customer

    def validate_order(self, pk):
        if pk is None:
            return None
        order = access.orders_visible_to(self.context["request"].user).filter(pk=pk).first()
        if order is None:
            raise serializers.ValidationError(_("Unknown order."))
        return order


class _PaymentPermission(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return access.can_record_payment(user) if request.method == "POST" else access.can_view_payments(user)


class PaymentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Payments received (回款) in the caller's scope; finance and sales admin record them."""

    permission_classes = [_PaymentPermission]
    serializer_class = PaymentSerializer
    filterset_fields = ["customer", "order", "method"]
    search_fields = ["number", "reference", "customer__name"]
    ordering_fields = ["received_on", "amount", "number"]
    ordering = ["-received_on", "-id"]

    def get_queryset(self):
        return access.payments_visible_to(self.request.user).select_related("customer", "order")

    @extend_schema(request=PaymentCreateSerializer, responses={201: PaymentSerializer}, parameters=[KEY_PARAMETER])
    @idempotent
    def create(self, request, *args, **kwargs):
        data = PaymentCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        order: Order | None = values.get("order")
        if order is not None and order.customer_id != values["customer"].pk:
            raise serializers.ValidationError({"order": [_("The order belongs to another customer.")]})
        payment = services.record_payment(
            actor=request.user, customer=values["customer"], amount=values["amount"],
            received_on=values.get("received_on") or timezone.localdate(), method=values["method"],
            reference=values.get("reference", ""), order=order)
        return Response(PaymentSerializer(self.get_queryset().get(pk=payment.pk)).data,
                        status=status.HTTP_201_CREATED)


class ARDocumentSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name")
    order_number = serializers.CharField(source="order.number", allow_null=True, default=None)
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = ARDocument
        fields = ["id", "number", "kind", "kind_label", "credit_kind", "customer", "customer_name", "order",
                  "order_number", "document_date", "due_date", "amount", "open_amount", "reference", "reason"]


class AgingBucketSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)


class AgingCustomerSerializer(serializers.Serializer):
    customer = IdField(source="customer_id")
    name = serializers.CharField()
    buckets = serializers.ListField(child=serializers.DecimalField(**MONEY))
    total = serializers.DecimalField(**MONEY)
    overdue = serializers.DecimalField(**MONEY)


class AgingSerializer(serializers.Serializer):
    on = serializers.DateField()
    buckets = AgingBucketSerializer(many=True)
    total = serializers.DecimalField(**MONEY)
    overdue = serializers.DecimalField(**MONEY)
    customers = AgingCustomerSerializer(many=True)


class _ReceivablesPermission(BasePermission):
    def has_permission(self, request, view):
        return access.can_view_receivables(request.user)


class ARDocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Invoices and credit notes of the customers in the caller's scope, with what is still open."""

    permission_classes = [_ReceivablesPermission]
    serializer_class = ARDocumentSerializer
    filterset_fields = {"customer": ["exact"], "kind": ["exact"], "order": ["exact"], "document_date": ["gte", "lte"],
                        "due_date": ["lt", "gte", "lte"], "open_amount": ["gt"]}
    search_fields = ["number", "reference", "customer__name"]
    ordering_fields = ["document_date", "due_date", "amount", "open_amount"]
    ordering = ["-document_date", "-id"]

    def get_queryset(self):
        return access.ar_documents_visible_to(self.request.user).select_related("customer", "order")

    @extend_schema(responses={200: AgingSerializer})
    @action(detail=False, methods=["get"])
    def aging(self, request):
        """Open invoices by age (0–30, 31–60, 61–90, >90 days by default) in total and per customer."""
        data = selectors.aging_for(request.user, timezone.localdate())
        buckets = [{"key": b.key, "label": b.label, "amount": amount}
                   for b, amount in zip(data["buckets"], data["totals"], strict=True)]
        return Response(AgingSerializer({**data, "buckets": buckets}).data)
