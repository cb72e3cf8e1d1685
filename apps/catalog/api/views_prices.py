"""Price lists (versions per tier, with items), price windows, and the tier/grade price quote."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.errors import error_response
from core.api.permissions import ModelPermissions, require_perm

from .. import access, selectors, services
from ..models import PriceItem, PriceList
from . import serializers_prices as s

QUOTE_ERRORS = {"no_price", "not_on_sale", "invalid_quantity", "invalid_tier"}


class PriceListFilter(django_filters.FilterSet):
    class Meta:
        model = PriceList
        fields = {"tier": ["exact"], "effective_from": ["gte", "lte"]}


class PriceListViewSet(viewsets.ModelViewSet):
    """Price-list versions per channel tier with their items; special and floor tiers need the confidential
    right (others get 404 for them, as for a list that does not exist)."""

    permission_classes = [ModelPermissions]
    serializer_class = s.PriceListSerializer
    filterset_class = PriceListFilter
    search_fields = ["code", "name"]
    ordering_fields = ["tier", "effective_from", "code"]
    ordering = ["tier", "-effective_from"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return access.price_lists_visible_to(self.request.user).prefetch_related(
            Prefetch("items", queryset=PriceItem.objects.select_related("product")))

    def _out(self, price_list):
        return s.PriceListSerializer(self.get_queryset().get(pk=price_list.pk)).data

    @extend_schema(request=s.PriceListWriteSerializer, responses={201: s.PriceListSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.PriceListWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        price_list = services.create_price_list(actor=request.user, **serializer.validated_data)
        return Response(self._out(price_list), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PriceListWriteSerializer, responses={200: s.PriceListSerializer})
    def partial_update(self, request, *args, **kwargs):
        price_list = self.get_object()
        serializer = s.PriceListWriteSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.update_price_list(actor=request.user, price_list=price_list, **serializer.validated_data)
        return Response(self._out(price_list))

    def perform_destroy(self, instance):
        services.delete_price_list(actor=self.request.user, price_list=instance)


class PriceWindowViewSet(viewsets.ModelViewSet):
    """Dated price windows (launch, mature, peak, off-season, custom) as a percent or a fixed price."""

    permission_classes = [ModelPermissions]
    serializer_class = s.PriceWindowSerializer
    filterset_fields = ["kind", "tier", "product", "category", "is_active"]
    search_fields = ["name"]
    ordering_fields = ["starts_on", "ends_on", "name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.list_price_windows_for(self.request.user)

    @extend_schema(request=s.PriceWindowWriteSerializer, responses={201: s.PriceWindowSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.PriceWindowWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        window = services.create_price_window(actor=request.user, **serializer.validated_data)
        return Response(s.PriceWindowSerializer(window).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PriceWindowWriteSerializer, responses={200: s.PriceWindowSerializer})
    def partial_update(self, request, *args, **kwargs):
        window = self.get_object()
        serializer = s.PriceWindowWriteSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        window = services.update_price_window(actor=request.user, window=window, **serializer.validated_data)
        return Response(s.PriceWindowSerializer(window).data)

    def perform_destroy(self, instance):
        services.delete_price_window(actor=self.request.user, window=instance)


class PriceQuoteView(APIView):
    """The price of a product for a channel tier and a customer grade on a date, with the steps that made it."""

    permission_classes = [require_perm("catalog.view_pricelist")]

    @extend_schema(parameters=[s.PriceQuoteQuerySerializer], responses={200: s.PriceQuoteSerializer})
    def get(self, request):
        query = s.PriceQuoteQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        product = selectors.get_product_for(request.user, data["product"].pk)
        try:
            quote = selectors.quote_for(request.user, tier=data["tier"], grade=data["grade"], product=product,
                                        quantity=data["quantity"], on=data.get("date") or timezone.localdate())
        except DjangoValidationError as exc:
            if getattr(exc, "code", None) in QUOTE_ERRORS:
                return error_response(exc.code, exc.messages[0], status.HTTP_400_BAD_REQUEST)
            raise
        return Response(s.PriceQuoteSerializer(quote).data)

