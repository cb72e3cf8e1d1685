"""Warehouses, stock balances, the movement ledger and stock counts."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.permissions import ModelPermissions, require_perm

from .. import access, selectors, services
from ..models import StockCountLine, StockLevel, StockMovement
from ..selectors.stock import LOW
from . import serializers_stock as s
from .errors import domain_errors

CONFLICT = OpenApiResponse(description="insufficient_stock or invalid_transition (standard error body)")


class WarehouseViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Warehouses: head office, branches, the new-parts (新件库) and old-parts (旧件库) stores."""

    permission_classes = [ModelPermissions]
    serializer_class = s.WarehouseSerializer
    filterset_fields = ["kind", "org_unit", "region", "is_active"]
    search_fields = ["code", "name", "address"]
    ordering_fields = ["sort_order", "code", "name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return access.warehouses_visible_to(self.request.user).select_related("org_unit", "region")

    @extend_schema(request=s.WarehouseWriteSerializer, responses={201: s.WarehouseSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.WarehouseWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        warehouse = services.create_warehouse(actor=request.user, **serializer.validated_data)
        return Response(s.WarehouseSerializer(warehouse).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.WarehouseWriteSerializer, responses={200: s.WarehouseSerializer})
    def partial_update(self, request, *args, **kwargs):
        warehouse = self.get_object()
        serializer = s.WarehouseWriteSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        warehouse = services.update_warehouse(actor=request.user, warehouse=warehouse, **serializer.validated_data)
        return Response(s.WarehouseSerializer(warehouse).data)


class StockFilter(django_filters.FilterSet):
    low = django_filters.BooleanFilter(method="filter_low", label="Only balances below the reorder level")

    class Meta:
        model = StockLevel
        fields = ["product", "warehouse", "low"]

    def filter_low(self, queryset, name, value):
        return queryset.filter(LOW) if value else queryset.exclude(LOW)


class StockLevelViewSet(viewsets.ReadOnlyModelViewSet):
    """On hand, reserved and available per product and warehouse (derived from the ledger; read-only)."""

    permission_classes = [ModelPermissions]
    serializer_class = s.StockLevelSerializer
    filterset_class = StockFilter
    search_fields = ["product__sku", "product__name", "product__model"]
    ordering_fields = ["on_hand", "reserved", "available", "product__sku", "warehouse__sort_order"]
    ordering = ["warehouse__sort_order", "product__sku"]

    def get_queryset(self):
        return selectors.list_stock_for(self.request.user)


class MovementFilter(django_filters.FilterSet):
    class Meta:
        model = StockMovement
        fields = {"product": ["exact"], "warehouse": ["exact"], "kind": ["exact"], "reference": ["exact"],
                  "occurred_at": ["gte", "lte"]}


class StockMovementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The stock ledger. POST posts a receipt, issue, transfer or adjustment (nothing edits a quantity directly)."""

    permission_classes = [ModelPermissions]
    serializer_class = s.StockMovementSerializer
    filterset_class = MovementFilter
    search_fields = ["reference", "note", "product__sku", "product__name"]
    ordering_fields = ["occurred_at", "id"]
    ordering = ["-occurred_at", "-id"]

    def get_queryset(self):
        return selectors.list_movements_for(self.request.user).select_related("reference_type")

    @extend_schema(request=s.StockMovementCreateSerializer, responses={201: s.StockMovementSerializer, 409: CONFLICT})
    def create(self, request, *args, **kwargs):
        serializer = s.StockMovementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            movement = services.book_movement(actor=request.user, **serializer.validated_data)
        return Response(s.StockMovementSerializer(movement).data, status=status.HTTP_201_CREATED)


class StockCountViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Stock counts (盘点): create for a warehouse, PATCH counted quantities, then submit/, approve/ or reject/."""

    permission_classes = [ModelPermissions]
    filterset_fields = ["warehouse", "status"]
    search_fields = ["number", "note"]
    ordering_fields = ["created_at", "number"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = selectors.list_stock_counts_for(self.request.user)
        if self.action != "list":
            qs = qs.prefetch_related(Prefetch("lines", queryset=StockCountLine.objects.select_related("product")))
        return qs

    def get_serializer_class(self):
        return s.StockCountSerializer if self.action == "list" else s.StockCountDetailSerializer

    def _out(self, count):
        return s.StockCountDetailSerializer(self.get_queryset().get(pk=count.pk)).data

    @extend_schema(request=s.StockCountCreateSerializer, responses={201: s.StockCountDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.StockCountCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        count = services.create_stock_count(actor=request.user, **serializer.validated_data)
        return Response(self._out(count), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.StockCountUpdateSerializer, responses={200: s.StockCountDetailSerializer, 409: CONFLICT})
    def partial_update(self, request, *args, **kwargs):
        count = self.get_object()
        serializer = s.StockCountUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        counted = {line["id"]: line["counted_qty"] for line in serializer.validated_data["lines"]}
        with domain_errors():
            services.record_counts(actor=request.user, count=count, counted=counted)
        return Response(self._out(count))

    @extend_schema(request=None, responses={200: s.StockCountDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("catalog.change_stockcount")])
    def submit(self, request, pk=None):
        """Hand the counted quantities in for approval."""
        count = self.get_object()
        with domain_errors():
            services.submit_stock_count(actor=request.user, count=count)
        return Response(self._out(count))

    @extend_schema(request=None, responses={200: s.StockCountDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("catalog.approve_stockcount")])
    def approve(self, request, pk=None):
        """Approve: every difference is posted to the ledger as a count-difference movement."""
        count = self.get_object()
        with domain_errors():
            services.approve_stock_count(actor=request.user, count=count)
        return Response(self._out(count))

    @extend_schema(request=s.StockCountRejectSerializer, responses={200: s.StockCountDetailSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("catalog.approve_stockcount")])
    def reject(self, request, pk=None):
        """Send the count back for recounting, with a reason."""
        count = self.get_object()
        serializer = s.StockCountRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            services.reject_stock_count(actor=request.user, count=count, **serializer.validated_data)
        return Response(self._out(count))
