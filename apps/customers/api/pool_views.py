"""Public pool API: the pool (phones masked), claiming from it and releasing to it."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.errors import Conflict
from core.api.permissions import require_perm

from .. import access, services
from ..models import Customer
from . import import_serializers as s
from .serializers import CustomerSerializer

_CONFLICT = OpenApiResponse(description="`not_in_pool`, `private_cap_reached`, `already_in_pool` or `changed_hands`.")


def _conflict(exc: services.PoolConflict) -> Conflict:
    return Conflict(detail=exc.message, code=exc.code)


class PoolFilter(django_filters.FilterSet):
    grade = django_filters.CharFilter(method="filter_grade", label="A, B, C, D, or `none` for ungraded")

    class Meta:
        model = Customer
        fields = {"region": ["exact"], "industry": ["exact"], "kind": ["exact"], "province_code": ["exact"],
                  "city_code": ["exact"], "pool_since": ["gte", "lte"]}

    def filter_grade(self, queryset, name, value):
        return queryset.filter(grade="" if value == "none" else value)


class PoolViewSet(viewsets.ReadOnlyModelViewSet):
    """Customers in the public pool (公海) that reps may claim, longest in the pool first."""

    permission_classes = [require_perm("customers.claim_customer")]
    serializer_class = s.PoolCustomerSerializer
    filterset_class = PoolFilter
    search_fields = ["name", "name_initials", "city"]
    ordering_fields = ["pool_since", "name", "grade"]

    def get_queryset(self):
        return access.pool_visible_to(self.request.user).select_related("region").order_by("pool_since", "pk")

    @extend_schema(request=None, responses={200: CustomerSerializer, 409: _CONFLICT})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """Take the customer as your own, within the cap of private customers (customers.private_customer_cap)."""
        try:
            customer = services.claim_customer(actor=request.user, customer=self.get_object())
        except services.PoolConflict as exc:
            raise _conflict(exc) from exc
        return Response(CustomerSerializer(customer, context={"request": request}).data)


class ReleaseView(APIView):
    """Put a customer you own (or may hand over) back in the public pool, with a reason."""

    permission_classes = [require_perm("customers.view_customer")]

    @extend_schema(request=s.ReleaseSerializer, responses={200: CustomerSerializer, 409: _CONFLICT})
    def post(self, request, pk):
        customer = get_object_or_404(access.customers_visible_to(request.user), pk=pk)
        data = s.ReleaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            customer = services.release_customer(actor=request.user, customer=customer, **data.validated_data)
        except services.PoolConflict as exc:
            raise _conflict(exc) from exc
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(CustomerSerializer(customer, context={"request": request}).data)
