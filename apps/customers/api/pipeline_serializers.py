"""Input and output shapes of the sales-process API: activities, visit plans, opportunities, funnel, leads."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from core.api.fields import IdField, PositionField
from core.phones import display_phone

from .. import selectors
from ..access import (
    can_view_full_phone,
    contacts_visible_to,
    customers_visible_to,
    opportunities_visible_to,
    visit_plans_visible_to,
)
from ..choices import ActivityKind, CustomerSource, OpportunityStage
from ..models import Activity, Contact, Customer, Lead, Opportunity, VisitPlan

User = get_user_model()


class OutOfScope(exceptions.NotFound):
    """A referenced record the caller cannot see: answered 404 with the field named, like a missing one."""

    def __init__(self, field: str):
        self.field = field
        super().__init__()


class ScopedField(serializers.PrimaryKeyRelatedField):
    """An id resolved inside the caller's scope; an id outside it (or unknown) raises OutOfScope."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if "does_not_exist" in exc.get_codes():
                raise OutOfScope(self.field_name) from exc
            raise


class OwnerField(serializers.PrimaryKeyRelatedField):
    """A user the caller may make owner: themselves, or staff in scope for those with hand-over rights."""

    default_error_messages = {"does_not_exist": _("You cannot make this person the owner.")}

    def get_queryset(self):
        return selectors.assignable_users_for(self.context["request"].user)


def _name(user) -> str:
    return (user.first_name or user.username) if user else ""


# -- activities ----------------------------------------------------------------------------------------------


class ActivitySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ["id", "customer", "customer_name", "contact", "opportunity", "kind", "kind_label", "subject",
                  "occurred_at", "owner", "owner_name", "participants", "outcome", "next_step", "remind_at",
                  "reminded_at", "created_at", "updated_at"]

    def get_owner_name(self, activity) -> str:
        return _name(activity.owner)


class ActivityUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False)
    subject = serializers.CharField(max_length=200, required=False)
    occurred_at = serializers.DateTimeField(required=False)
    outcome = serializers.CharField(required=False, allow_blank=True)
    next_step = serializers.CharField(max_length=200, required=False, allow_blank=True)
    remind_at = serializers.DateTimeField(required=False, allow_null=True)
    contact = ScopedField(contacts_visible_to, queryset=Contact.objects.all(), required=False, allow_null=True)
    opportunity = ScopedField(opportunities_visible_to, queryset=Opportunity.objects.all(), required=False,
                              allow_null=True)
    participants = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), many=True,
                                                      required=False)


class ActivityCreateSerializer(ActivityUpdateSerializer):
    customer = ScopedField(customers_visible_to, queryset=Customer.objects.all())
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    subject = serializers.CharField(max_length=200)
    visit_plan = ScopedField(visit_plans_visible_to, queryset=VisitPlan.objects.all(), required=False,
                             allow_null=True, help_text="The planned visit this visit makes (found by itself if "
                                                        "omitted: the rep's open plan for the customer that week).")


# -- visit plans ---------------------------------------------------------------------------------------------


class VisitPlanSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    owner_name = serializers.SerializerMethodField()
    done = serializers.SerializerMethodField()

    class Meta:
        model = VisitPlan
        fields = ["id", "owner", "owner_name", "customer", "customer_name", "planned_on", "purpose", "done",
                  "activity", "created_at", "updated_at"]

    def get_owner_name(self, plan) -> str:
        return _name(plan.owner)

    def get_done(self, plan) -> bool:
        return plan.activity_id is not None


class VisitPlanUpdateSerializer(serializers.Serializer):
    planned_on = serializers.DateField(required=False)
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True)


class VisitPlanCreateSerializer(serializers.Serializer):
    customer = ScopedField(customers_visible_to, queryset=Customer.objects.all())
    planned_on = serializers.DateField()
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    owner = OwnerField(queryset=User.objects.all(), required=False, help_text="The rep; the caller by default.")


# -- opportunities -------------------------------------------------------------------------------------------


class OpportunitySerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = Opportunity
        fields = ["id", "name", "customer", "customer_name", "stage", "stage_label", "amount", "expected_close",
                  "owner", "owner_name", "products", "source", "lost_reason", "stage_changed_at", "closed_at",
                  "position", "created_at", "updated_at"]

    def get_owner_name(self, opportunity) -> str:
        return _name(opportunity.owner)


class OpportunityUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False)
    expected_close = serializers.DateField(required=False, allow_null=True)
    products = serializers.CharField(max_length=300, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=CustomerSource.choices, required=False, allow_blank=True)
    owner = OwnerField(queryset=User.objects.all(), required=False)


class OpportunityCreateSerializer(OpportunityUpdateSerializer):
    customer = ScopedField(customers_visible_to, queryset=Customer.objects.all())
    name = serializers.CharField(max_length=200)
    stage = serializers.ChoiceField(choices=OpportunityStage.choices, required=False,
                                    help_text="An open stage (approach, learn, present, close); approach by default.")


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=OpportunityStage.choices)
    lost_reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                        help_text="Required when the stage is lost.")
    position = PositionField(required=False, allow_null=True,
                             help_text="Place in the board column; the end by default.")


class FunnelRowSerializer(serializers.Serializer):
    stage = serializers.CharField(source="stage.value")
    stage_label = serializers.CharField(source="stage.label")
    count = serializers.IntegerField(help_text="Opportunities in this stage now.")
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    reached = serializers.IntegerField(help_text="Opportunities whose history reached this stage or a later one.")
    rate = serializers.FloatField(allow_null=True, help_text="Percent of the previous stage's `reached`.")


class FunnelSerializer(serializers.Serializer):
    rows = FunnelRowSerializer(many=True)
    lost = FunnelRowSerializer()
    total = serializers.IntegerField()
    open_count = serializers.IntegerField()
    open_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    won_count = serializers.IntegerField()
    won_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    lost_count = serializers.IntegerField()
    win_rate = serializers.FloatField(allow_null=True, help_text="Won ÷ (won + lost), percent.")


class FunnelQuerySerializer(serializers.Serializer):
    owner = IdField(required=False, help_text="User id of the owner.")
    region = IdField(required=False, help_text="Region id of the customer.")
    opened_from = serializers.DateField(required=False, help_text="Opportunities created on or after.")
    opened_to = serializers.DateField(required=False, help_text="Opportunities created on or before.")


# -- leads ---------------------------------------------------------------------------------------------------


class LeadSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner_name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Lead
        fields = ["id", "name", "company", "phone", "email", "province_code", "city_code", "source", "interest",
                  "notes", "status", "status_label", "owner", "owner_name", "customer", "opportunity",
                  "disqualified_reason", "created_at", "updated_at"]

    def get_owner_name(self, lead) -> str:
        return _name(lead.owner)

    def get_phone(self, lead) -> str:
        """E.164 for roles that may see full numbers, masked (138****5678) otherwise."""
        full = can_view_full_phone(self.context["request"].user)
        return lead.phone if full else display_phone(lead.phone, full=False)


class LeadUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    company = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    province_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    city_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=CustomerSource.choices, required=False, allow_blank=True)
    interest = serializers.CharField(max_length=300, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class LeadCreateSerializer(LeadUpdateSerializer):
    name = serializers.CharField(max_length=60)
    owner = OwnerField(queryset=User.objects.all(), required=False, help_text="The caller by default.")


class LeadAssignSerializer(serializers.Serializer):
    owner = OwnerField(queryset=User.objects.all())


class ConvertSerializer(serializers.Serializer):
    customer = ScopedField(customers_visible_to, queryset=Customer.objects.all(), required=False, allow_null=True,
                           help_text="Link this existing customer; otherwise one is created (or found by phone).")
    opportunity_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False, default=0)
    expected_close = serializers.DateField(required=False, allow_null=True)
    products = serializers.CharField(max_length=300, required=False, allow_null=True, default=None)


class ConvertResultSerializer(serializers.Serializer):
    lead = LeadSerializer()
    customer = serializers.IntegerField(source="lead.customer_id")
    opportunity = OpportunitySerializer()


class DisqualifySerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)

