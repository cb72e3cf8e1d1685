"""Rule parameters API: every declared parameter with its value in force and history; new dated values."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core import rules
from core.audit import record_event
from core.models.audit import AuditAction
from core.rules_views import check_effective_from, parameter_states

from .permissions import require_perm


@extend_schema_field(OpenApiTypes.ANY)
class AnyValueField(serializers.JSONField):
    """A number, a mapping or a table (list of rows), as the parameter's kind says."""


class RuleValueSerializer(serializers.Serializer):
    value = AnyValueField()
    effective_from = serializers.DateField()
    note = serializers.CharField()
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True)
    created_at = serializers.DateTimeField()


class RuleParameterSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(source="parameter.label")
    section = serializers.CharField(source="parameter.section")
    kind = serializers.CharField(source="parameter.kind", help_text="number, integer, percent, mapping, table or text")
    help = serializers.CharField(source="parameter.help")
    value = AnyValueField(help_text="The value in force today.")
    effective_from = serializers.DateField(allow_null=True, help_text="Since when; null while the default holds.")
    history = RuleValueSerializer(many=True, help_text="Every value set, newest effective date first.")


class NewRuleValueSerializer(serializers.Serializer):
    value = AnyValueField()
    effective_from = serializers.DateField(help_text="Today or later.")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


_PERMS = {"list": "core.view_rulevalue", "retrieve": "core.view_rulevalue", "values": "core.change_rulevalue"}


class RuleParameterViewSet(viewsets.GenericViewSet):
    """The rule parameters of every app (thresholds, days, caps) with dated values."""

    serializer_class = RuleParameterSerializer
    lookup_field = "key"
    lookup_value_regex = r"[\w.\-]+"
    filter_backends = []

    def get_permissions(self):
        return [require_perm(_PERMS.get(self.action, "core.change_rulevalue"))()]

    def _state(self, key: str):
        if key not in rules.declared():
            raise Http404
        return parameter_states(keys=[key])[0]

    @extend_schema(parameters=[OpenApiParameter("section", str, description="Only this section (e.g. Customers)"),
                               OpenApiParameter("search", str, description="Part of the key or label")])
    def list(self, request):
        states = parameter_states()
        section = request.query_params.get("section", "").strip()
        search = request.query_params.get("search", "").strip().lower()
        if section:
            states = [s for s in states if str(s.parameter.section) == section]
        if search:
            states = [s for s in states if search in s.key.lower() or search in str(s.parameter.label).lower()]
        page = self.paginate_queryset(states)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, key=None):
        return Response(self.get_serializer(self._state(key)).data)

    @extend_schema(request=NewRuleValueSerializer, responses={201: RuleParameterSerializer})
    @action(detail=True, methods=["post"])
    def values(self, request, key=None):
        """Give the parameter a new value from `effective_from` on (a value for the same date is replaced)."""
        self._state(key)
        data = NewRuleValueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = data.validated_data
        try:
            check_effective_from(new["effective_from"])
            rules.set_value(actor=request.user, key=key, new_value=new["value"],
                            effective_from=new["effective_from"], note=new["note"])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        record_event(AuditAction.ADMIN_CHANGE, request=request, target=f"rule {key}", value=new["value"],
                     effective_from=new["effective_from"].isoformat())
        return Response(self.get_serializer(self._state(key)).data, status=status.HTTP_201_CREATED)
