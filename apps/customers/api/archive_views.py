"""Customer archive API: customers and contacts, the phone screen-pop, composition, hand-over, merge, phone reveal."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from core.api.fields import IdFilter
from core.api.permissions import ModelPermissions, require_perm

from .. import access, selectors, services
from ..models import Customer
from . import serializers as s

# Permission per action and method, beyond the model permissions of list/retrieve/create/update.
_ACTION_PERMS = {
    ("lookup", "GET"): "customers.view_customer",
    ("composition", "GET"): "customers.view_customer",
    ("handover", "POST"): "customers.reassign_customer",
    ("merge", "POST"): "customers.merge_customer",
    ("reveal_phone", "POST"): "customers.view_customer",
    ("contacts", "GET"): "customers.view_contact",
    ("contacts", "POST"): "customers.add_contact",
    ("contact", "PATCH"): "customers.change_contact",
    ("contact", "DELETE"): "customers.delete_contact",
}
_SERVICE_FIELD_NAMES = {field: api for api, field in s.ADDRESS_FIELDS.items()}


def _api_error(exc: DjangoValidationError) -> ValidationError:
    """A service's ValidationError with the API's field names (province, not province_code)."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({"non_field_errors": exc.messages})
    return ValidationError({_SERVICE_FIELD_NAMES.get(f, f): msgs for f, msgs in exc.message_dict.items()})


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise _api_error(exc) from exc


class CustomerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Name, pinyin, phone digits or contact name")
    owner = IdFilter(field_name="owner__employee", label="Employee id of the owner")
    province = django_filters.CharFilter(field_name="province_code")
    city = django_filters.CharFilter(field_name="city_code")
    tag = django_filters.CharFilter(field_name="tags__name")
    duplicates = django_filters.BooleanFilter(field_name="duplicate_of", lookup_expr="isnull", exclude=True,
                                              label="Only customers flagged as possible duplicates")

    class Meta:
        model = Customer
        fields = {"kind": ["exact"], "grade": ["exact"], "region": ["exact"], "source": ["exact"],
                  "is_member": ["exact"], "is_key_account": ["exact"], "in_pool": ["exact"],
                  "industry": ["exact"], "created_at": ["gte", "lte"]}

    def filter_search(self, queryset, name, value):
        return queryset.filter(selectors.search_filter(value))


class CustomerViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Customers in the caller's data scope; out-of-scope ids answer 404. Phones are masked per role."""

    serializer_class = s.CustomerSerializer
    filterset_class = CustomerFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["name", "created_at", "annual_purchase", "grade", "last_activity_at"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return (access.customers_visible_to(self.request.user)
                .select_related("owner__employee", "region").prefetch_related("tags", "contacts"))

    def get_permissions(self):
        perm = _ACTION_PERMS.get((self.action, self.request.method))
        return [require_perm(perm)()] if perm else [ModelPermissions()]

    def _out(self, customer, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=customer.pk)
        return Response(s.CustomerSerializer(fresh, context={"request": self.request}).data, status=code)

    @extend_schema(request=s.CustomerCreateSerializer, responses={201: s.CustomerSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.CustomerCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        customer = _call(services.create_customer, actor=request.user, **serializer.to_service_kwargs())
        return self._out(customer, status.HTTP_201_CREATED)

    @extend_schema(request=s.CustomerUpdateSerializer, responses={200: s.CustomerSerializer})
    def partial_update(self, request, *args, **kwargs):
        customer = self.get_object()
        serializer = s.CustomerUpdateSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        _call(services.update_customer, actor=request.user, customer=customer, **serializer.to_service_kwargs())
        return self._out(customer)

    @extend_schema(parameters=[OpenApiParameter("phone", str, required=True,
                                                description="Any common format: +86 138-1234-5678, 0086…")],
                   responses={200: s.CustomerCardSerializer})
    @action(detail=False, methods=["get"])
    def lookup(self, request):
        """Screen-pop: the customer with exactly this phone (its own or a contact's), or 404."""
        card = selectors.phone_card_for(request.user, request.query_params.get("phone", ""))
        if card is None:
            raise NotFound(_("No customer has this phone number."))
        return Response(s.CustomerCardSerializer(card, context={"request": request}).data)

    @extend_schema(parameters=[OpenApiParameter("by", str, enum=list(selectors.DIMENSIONS), required=True)],
                   responses={200: s.CompositionSerializer})
    @action(detail=False, methods=["get"])
    def composition(self, request):
        """Count and annual purchase of the caller's customers by kind, grade, region, industry or source."""
        by = request.query_params.get("by", "grade")
        rows = _call(selectors.composition_for, user=request.user, by=by)
        body = {"by": by, "count": sum(r["count"] for r in rows),
                "revenue": sum((r["revenue"] or 0 for r in rows), start=0), "rows": rows}
        return Response(s.CompositionSerializer(body).data)

    @extend_schema(request=s.HandoverSerializer, responses={200: s.HandoverResultSerializer})
    @action(detail=False, methods=["post"])
    def handover(self, request):
        """Give a rep's customers (all, or the listed ids) to another rep; each move is recorded."""
        serializer = s.HandoverSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        customers = access.customers_visible_to(request.user)
        if "customers" in data:
            customers = customers.filter(pk__in=data["customers"])
        moved = _call(services.hand_over_customers, actor=request.user, from_owner=data["from_owner"].user,
                      to_owner=data["to_owner"].user, customers=customers, reason=data.get("reason", ""))
        return Response({"moved": moved})

    @extend_schema(request=s.MergeSerializer, responses={200: s.CustomerSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Fold the `duplicate` customer into this one: records move over, history and an audit entry are kept."""
        keep = self.get_object()
        serializer = s.MergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        duplicate = selectors.get_customer_for(request.user, serializer.validated_data["duplicate"])
        _call(services.merge_customers, actor=request.user, keep=keep, duplicate=duplicate)
        return self._out(keep)

    @extend_schema(request=s.RevealPhoneSerializer, responses={200: s.RevealedPhoneSerializer})
    @action(detail=True, methods=["post"], url_path="reveal-phone")
    def reveal_phone(self, request, pk=None):
        """The full number, for roles allowed to see it (403 otherwise); every reveal goes to the audit log."""
        customer = self.get_object()
        serializer = s.RevealPhoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact_id = serializer.validated_data.get("contact")
        contact = selectors.get_contact(customer, contact_id) if contact_id else None
        phone = services.reveal_phone(actor=request.user, customer=customer, contact=contact, request=request)
        return Response({"id": customer.pk, "contact": contact_id, "phone": phone})

    @extend_schema(methods=["GET"], responses={200: s.ContactSerializer(many=True)})
    @extend_schema(methods=["POST"], request=s.ContactWriteSerializer, responses={201: s.ContactSerializer})
    @action(detail=True, methods=["get", "post"])
    def contacts(self, request, pk=None):
        """The customer's contacts (primary first); POST adds one."""
        customer = self.get_object()
        context = {"request": request}
        if request.method == "GET":
            page = self.paginate_queryset(customer.contacts.all())
            return self.get_paginated_response(s.ContactSerializer(page, many=True, context=context).data)
        serializer = s.ContactWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact = _call(services.add_contact, actor=request.user, customer=customer, **serializer.validated_data)
        return Response(s.ContactSerializer(contact, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["PATCH"], request=s.ContactWriteSerializer, responses={200: s.ContactSerializer})
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(detail=True, methods=["patch", "delete"], url_path=r"contacts/(?P<contact_pk>\d+)")
    def contact(self, request, pk=None, contact_pk=None):
        """Change or remove one contact of the customer."""
        customer = self.get_object()
        contact = selectors.get_contact(customer, contact_pk)
        if request.method == "DELETE":
            services.remove_contact(actor=request.user, contact=contact)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = s.ContactWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        contact = _call(services.update_contact, actor=request.user, contact=contact, **serializer.validated_data)
        return Response(s.ContactSerializer(contact, context={"request": request}).data)
