"""Input and output shapes of the service-desk API (separate: inputs accept only what a caller may set)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.customers.selectors import service as customer_selectors
from core.api.fields import IdField, PositionField
from core.phones import display_phone, normalize_phone

from .. import access
from ..choices import ComplaintSubtype, ComplaintType, TicketChannel, TicketKind, TicketPriority
from ..models import RoutingRule, SLAPolicy, Ticket, TicketCategory, TicketMessage
from ..selectors import list_categories, work_units_for

User = get_user_model()



def _label(field: str):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class TicketSerializer(serializers.ModelSerializer):
    kind_label = _label("kind")
    status_label = _label("status")
    sla_status_label = _label("sla_status")
    priority_label = _label("priority")
    channel_label = _label("channel")
    complaint_type_label = _label("complaint_type")
    customer_name = serializers.CharField(source="customer.name", read_only=True, default="")
    team_name = serializers.CharField(source="team.display_name", read_only=True, default="")
    assignee_name = serializers.SerializerMethodField()
    category_name = serializers.CharField(source="category.display_name", read_only=True, default="")
    phone = serializers.SerializerMethodField()
    sla_paused = serializers.SerializerMethodField()
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Ticket
        fields = [
            "id", "number", "kind", "kind_label", "complaint_type", "complaint_type_label", "complaint_subtype",
            "channel", "channel_label", "status", "status_label", "priority", "priority_label", "subject",
            "description", "customer", "customer_name", "contact", "caller_name", "phone", "category",
            "category_name", "product", "model_no", "serial_no", "purchase_date", "fault", "is_major",
            "major_reasons", "region", "department", "team", "team_name", "assignee", "assignee_name", "tags",
            "received_at", "first_response_due", "first_responded_at", "resolution_due", "resolved_at",
            "return_visit_due", "closed_at", "sla_status", "sla_status_label", "sla_paused",
            "breached_first_response", "breached_resolution", "reopen_count", "facts", "next_reply_at",
            "reply_to_customer", "cause", "handling", "result", "created_at", "updated_at",
        ]

    def get_assignee_name(self, ticket) -> str:
        return (ticket.assignee.first_name or ticket.assignee.username) if ticket.assignee else ""

    def get_phone(self, ticket) -> str:
        return display_phone(ticket.phone, full=access.can_view_full_phone(self.context["request"].user))

    def get_sla_paused(self, ticket) -> bool:
        return ticket.sla_paused_at is not None


class _PhoneField(serializers.CharField):
    def to_internal_value(self, data):
        try:
            return normalize_phone(super().to_internal_value(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


@extend_schema_field(OpenApiTypes.INT)
class UnitField(serializers.PrimaryKeyRelatedField):
    """An org unit (team or department) the caller may route tickets to, by id."""

    def get_queryset(self):
        return work_units_for(self.context["request"].user)


class _CustomerMixin(serializers.Serializer):
    def validate_customer(self, value):
        if value is None:
            return None
        customer = customer_selectors.customer_for_ticket(self.context["request"].user, value)
        if customer is None:
            raise serializers.ValidationError("Unknown customer.")
        return customer


_DETAILS = {
    "complaint_type": serializers.ChoiceField(choices=ComplaintType.choices, required=False, allow_blank=True),
    "complaint_subtype": serializers.ChoiceField(choices=ComplaintSubtype.choices, required=False, allow_blank=True),
    "channel": serializers.ChoiceField(choices=TicketChannel.choices, required=False),
    "priority": serializers.ChoiceField(choices=TicketPriority.choices, required=False),
    "description": serializers.CharField(required=False, allow_blank=True),
}


class TicketCreateSerializer(_CustomerMixin):
    kind = serializers.ChoiceField(choices=TicketKind.choices)
    customer = IdField(required=False, allow_null=True, help_text="Customer id (or give phone).")
    phone = _PhoneField(required=False, allow_blank=True, max_length=30)
    caller_name = serializers.CharField(required=False, allow_blank=True, max_length=60)
    subject = serializers.CharField(max_length=200)
    received_at = serializers.DateTimeField(required=False, help_text="When the customer contacted us; default "
                                                                      "now. The SLA clocks start here.")
    is_major = serializers.BooleanField(required=False, default=False)
    category = serializers.PrimaryKeyRelatedField(queryset=list_categories(), required=False, allow_null=True)
    product = serializers.CharField(required=False, allow_blank=True, max_length=100)
    model_no = serializers.CharField(required=False, allow_blank=True, max_length=60)
    serial_no = serializers.CharField(required=False, allow_blank=True, max_length=60)
    purchase_date = serializers.DateField(required=False, allow_null=True)
    fault = serializers.CharField(required=False, allow_blank=True)
    churn_risk = serializers.BooleanField(required=False)
    media_threat = serializers.BooleanField(required=False)
    batch_quality_issue = serializers.BooleanField(required=False)
    assign_to_me = serializers.BooleanField(required=False, default=False)
    locals().update(_DETAILS)

    def validate(self, attrs):
        if attrs.get("customer") is None and not attrs.get("phone"):
            raise serializers.ValidationError({"phone": ["Give the caller's phone or a customer id."]})
        return attrs


class TicketUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TicketKind.choices, required=False)
    subject = serializers.CharField(max_length=200, required=False)
    caller_name = serializers.CharField(required=False, allow_blank=True, max_length=60)
    category = serializers.PrimaryKeyRelatedField(queryset=list_categories(), required=False, allow_null=True)
    department = UnitField(required=False, allow_null=True)
    product = serializers.CharField(required=False, allow_blank=True, max_length=100)
    model_no = serializers.CharField(required=False, allow_blank=True, max_length=60)
    serial_no = serializers.CharField(required=False, allow_blank=True, max_length=60)
    purchase_date = serializers.DateField(required=False, allow_null=True)
    fault = serializers.CharField(required=False, allow_blank=True)
    churn_risk = serializers.BooleanField(required=False)
    media_threat = serializers.BooleanField(required=False)
    batch_quality_issue = serializers.BooleanField(required=False)
    facts = serializers.CharField(required=False, allow_blank=True)
    next_reply_at = serializers.DateTimeField(required=False, allow_null=True)
    reply_to_customer = serializers.CharField(required=False, allow_blank=True)
    cause = serializers.CharField(required=False, allow_blank=True)
    handling = serializers.CharField(required=False, allow_blank=True)
    result = serializers.CharField(required=False, allow_blank=True)
    locals().update(_DETAILS)


class TicketResolveSerializer(serializers.Serializer):
    facts = serializers.CharField(required=False, allow_blank=True, help_text="听清楚/问清楚")
    next_reply_at = serializers.DateTimeField(required=False, allow_null=True, help_text="跟清楚")
    reply_to_customer = serializers.CharField(required=False, allow_blank=True, help_text="复清楚")
    cause = serializers.CharField(required=False, allow_blank=True, help_text="记清楚")
    handling = serializers.CharField(required=False, allow_blank=True, help_text="记清楚")
    result = serializers.CharField(required=False, allow_blank=True, help_text="记清楚")


class TicketReplySerializer(serializers.Serializer):
    body = serializers.CharField()
    internal = serializers.BooleanField(required=False, default=False, help_text="An internal note, not sent.")


class TicketMessageSerializer(serializers.ModelSerializer):
    kind_label = _label("kind")
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = TicketMessage
        fields = ["id", "ticket", "kind", "kind_label", "body", "author", "author_name", "created_at"]

    def get_author_name(self, message) -> str:
        return (message.author.first_name or message.author.username) if message.author else ""


class TicketAssignSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class TicketTransferSerializer(serializers.Serializer):
    team = UnitField()
    department = UnitField(required=False, allow_null=True)
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), required=False,
                                                  allow_null=True)
    reason = serializers.CharField(max_length=300)


class TicketReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class TicketReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class TicketErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


# -- configuration -----------------------------------------------------------------------------------------------

class TicketCategorySerializer(serializers.ModelSerializer):
    depth = serializers.IntegerField(read_only=True)

    class Meta:
        model = TicketCategory
        fields = ["id", "name", "name_en", "parent", "path", "depth", "sort_order", "is_active"]


class TicketCategoryWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    name_en = serializers.CharField(max_length=60, required=False, allow_blank=True)
    parent = serializers.PrimaryKeyRelatedField(queryset=TicketCategory.objects.all(), required=False,
                                                allow_null=True)
    sort_order = PositionField(required=False)
    is_active = serializers.BooleanField(required=False)


_POLICY_FIELDS = ["name", "position", "is_active", "is_default", "kind", "complaint_type", "priority", "is_major",
                  "customer_grade", "first_response_target", "first_response_unit", "resolution_target",
                  "resolution_unit", "return_visit_target", "return_visit_unit", "calendar"]


class SLAPolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = SLAPolicy
        fields = ["id", *_POLICY_FIELDS, "updated_at"]


class SLAPolicyWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = SLAPolicy
        fields = _POLICY_FIELDS
        extra_kwargs = {name: {"required": False} for name in _POLICY_FIELDS}
        validators = []


_RULE_FIELDS = ["name", "position", "is_active", "kind", "category", "product", "region", "customer_grade", "team",
                "department", "assignment"]


class RoutingRuleSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.display_name", read_only=True)

    class Meta:
        model = RoutingRule
        fields = ["id", *_RULE_FIELDS, "team_name", "updated_at"]


class RoutingRuleWriteSerializer(serializers.ModelSerializer):
    team = UnitField(required=False)
    department = UnitField(required=False, allow_null=True)

    class Meta:
        model = RoutingRule
        fields = _RULE_FIELDS
        extra_kwargs = {name: {"required": False} for name in _RULE_FIELDS}
