"""Products and categories: company-wide, readable by staff, written by catalogue managers."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.fields import IdFilter
from core.api.permissions import ModelPermissions, require_perm

from .. import access, selectors, services
from ..choices import ProductStatus
from ..models import Product
from . import serializers_products as s
from .errors import domain_errors

WRITE_METHODS = ["get", "post", "patch", "head", "options"]


class ProductFilter(django_filters.FilterSet):
    category = IdFilter(method="filter_category", label="Category id (with its sub-categories)")
    sku = django_filters.CharFilter(lookup_expr="iexact")
    status = django_filters.ChoiceFilter(choices=ProductStatus.choices)

    class Meta:
        model = Product
        fields = ["category", "sku", "status", "is_spare_part", "is_serial_tracked", "unit"]

    def filter_category(self, queryset, name, value):
        category = access.categories_visible_to(self.request.user).filter(pk=value).first()
        return queryset.filter(category__path__startswith=category.path) if category else queryset.none()


class ProductViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The product catalogue (SKU, model, category, unit, warranty, serial and spare-part flags, life dates)."""

    permission_classes = [ModelPermissions]
    serializer_class = s.ProductSerializer
    filterset_class = ProductFilter
    search_fields = ["sku", "name", "model"]
    ordering_fields = ["sku", "name", "launched_on", "created_at", "updated_at"]
    ordering = ["sku"]
    http_method_names = WRITE_METHODS

    def get_queryset(self):
        return selectors.list_products_for(self.request.user)

    @extend_schema(request=s.ProductWriteSerializer, responses={201: s.ProductSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.ProductWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        product = services.create_product(actor=request.user, **serializer.validated_data)
        return Response(s.ProductSerializer(product).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ProductWriteSerializer, responses={200: s.ProductSerializer})
    def partial_update(self, request, *args, **kwargs):
        product = self.get_object()
        serializer = s.ProductWriteSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        product = services.update_product(actor=request.user, product=product, **serializer.validated_data)
        return Response(s.ProductSerializer(product).data)

    @extend_schema(request=s.RetireSerializer, responses={200: s.ProductSerializer})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("catalog.change_product")])
    def retire(self, request, pk=None):
        """Take the product off sale from a date (today by default)."""
        product = self.get_object()
        serializer = s.RetireSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            services.retire_product(actor=request.user, product=product, **serializer.validated_data)
        return Response(s.ProductSerializer(product).data)

    @extend_schema(request=None, responses={200: s.ProductSerializer})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("catalog.change_product")])
    def reinstate(self, request, pk=None):
        """Put a retired product back on sale."""
        product = self.get_object()
        with domain_errors():
            services.reinstate_product(actor=request.user, product=product)
        return Response(s.ProductSerializer(product).data)


class CategoryViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The category tree; `path` is the materialised path (a subtree shares its prefix)."""

    permission_classes = [ModelPermissions]
    serializer_class = s.CategorySerializer
    filterset_fields = ["parent", "is_active"]
    search_fields = ["code", "name"]
    ordering_fields = ["path", "name", "code", "sort_order"]
    http_method_names = WRITE_METHODS

    def get_queryset(self):
        return selectors.list_categories_for(self.request.user)

    @extend_schema(request=s.CategoryWriteSerializer, responses={201: s.CategorySerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.CategoryWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        category = services.create_category(actor=request.user, **serializer.validated_data)
        return Response(s.CategorySerializer(category).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CategoryWriteSerializer, responses={200: s.CategorySerializer})
    def partial_update(self, request, *args, **kwargs):
        category = self.get_object()
        serializer = s.CategoryWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        category = services.update_category(actor=request.user, category=category, **serializer.validated_data)
        return Response(s.CategorySerializer(category).data)
