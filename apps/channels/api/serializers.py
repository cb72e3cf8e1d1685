from rest_framework import serializers

from apps.customers.selectors.channels import partner_candidates_for

from .. import access, selectors
from ..choices import EvidenceKind, FollowUp, PartnerGrade, PartnerTier
from ..models import ApprovalStep, Partner, PartnerApplication, PartnerEvent, PartnerScorecard, Territory

MONEY = {"max_digits": 16, "decimal_places": 2}


class TerritorySerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    region_name = serializers.CharField(source="region.display_name", read_only=True, default="")

    class Meta:
        model = Territory
        fields = ["id", "partner", "partner_name", "province_code", "province", "city_code", "city", "region",
                  "region_name", "created_at"]


class TerritoryCreateSerializer(serializers.Serializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none())
    province_code = serializers.CharField(max_length=6)
    city_code = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # absent while the OpenAPI schema is generated
            self.fields["partner"].queryset = access.partners_visible_to(request.user)


class _TerritoryBrief(serializers.ModelSerializer):
    class Meta:
        model = Territory
        fields = ["province_code", "province", "city_code", "city"]


class PartnerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="customer.name", read_only=True)
    tier_label = serializers.CharField(source="get_tier_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    stage = serializers.CharField(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    office_name = serializers.CharField(source="office.display_name", read_only=True, default="")
    parent_name = serializers.CharField(source="parent.name", read_only=True, default="")
    territories = _TerritoryBrief(many=True, read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "customer", "name", "tier", "tier_label", "special", "status", "status_label", "stage",
                  "stage_label", "status_reason", "grade", "authorised_products", "authorised_from",
                  "authorised_until", "trial_ends_on", "exclusive", "credit_limit", "payment_term_days", "parent",
                  "parent_name", "office", "office_name", "unit", "admitted_on", "territories", "created_at",
                  "updated_at"]


class PartnerEventSerializer(serializers.ModelSerializer):
    from_stage = serializers.CharField(read_only=True, help_text="A lifecycle stage code, empty for the first event.")
    to_stage = serializers.CharField(read_only=True, help_text="A lifecycle stage code (see the partner's stage).")
    from_label = serializers.CharField(source="get_from_stage_display", read_only=True)
    to_label = serializers.CharField(source="get_to_stage_display", read_only=True)
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = PartnerEvent
        fields = ["id", "from_stage", "from_label", "to_stage", "to_label", "reason", "actor", "actor_name",
                  "application", "occurred_at"]

    def get_actor_name(self, event) -> str:
        return (event.actor.get_full_name() or event.actor.username) if event.actor else ""


class PartnerDetailSerializer(PartnerSerializer):
    events = PartnerEventSerializer(many=True, read_only=True)

    class Meta(PartnerSerializer.Meta):
        fields = [*PartnerSerializer.Meta.fields, "events"]


class PartnerUpdateSerializer(serializers.Serializer):
    special = serializers.BooleanField(required=False)
    grade = serializers.ChoiceField(choices=[("", "—"), *PartnerGrade.choices], required=False, allow_blank=True)
    authorised_products = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    authorised_from = serializers.DateField(required=False, allow_null=True)
    authorised_until = serializers.DateField(required=False, allow_null=True)
    exclusive = serializers.BooleanField(required=False)
    credit_limit = serializers.DecimalField(**MONEY, min_value=0, required=False)
    payment_term_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    parent = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none(), required=False, allow_null=True)
    office = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none(), required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["parent"].queryset = selectors.parent_candidates_for(request.user, self.context.get("partner"))
            self.fields["office"].queryset = selectors.offices_for(request.user)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ResumeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PromoteSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=PartnerTier.choices, required=False,
                                   help_text="Default: the next tier on the ladder (distributor, then agent).")


# -- applications -------------------------------------------------------------------------------------------------


class ApprovalStepSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    decision_label = serializers.CharField(source="get_decision_display", read_only=True)
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = ApprovalStep
        fields = ["kind", "kind_label", "decision", "decision_label", "actor", "actor_name", "decided_at", "comment"]

    def get_actor_name(self, step) -> str:
        return (step.actor.get_full_name() or step.actor.username) if step.actor else ""


CRITERIA = ["registered_capital", "years_in_trade", "annual_sales_capacity", "cash_flow", "has_breach_record",
            "has_arrears_record", "team_details", "capability", "product_lines", "downstream_customers",
            "credit_notes", "territory_codes"]


class ApplicationSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    tier_label = serializers.CharField(source="get_tier_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    steps = ApprovalStepSerializer(many=True, read_only=True)

    class Meta:
        model = PartnerApplication
        fields = ["id", "customer", "customer_name", "partner", "tier", "tier_label", "status", "status_label",
                  "submitted_at", *CRITERIA, "reviewer_checks", "decided_at", "rejection_reason", "applied_at",
                  "created_by", "steps"]


class ApplicationCreateSerializer(serializers.Serializer):
    customer = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none(),
                                                  help_text="Id of a customer in your scope.")
    tier = serializers.ChoiceField(choices=PartnerTier.choices)
    registered_capital = serializers.DecimalField(**MONEY, min_value=0)
    years_in_trade = serializers.IntegerField(min_value=0, max_value=200)
    annual_sales_capacity = serializers.DecimalField(**MONEY, min_value=0, required=False, default=0)
    cash_flow = serializers.DecimalField(**MONEY, min_value=0, required=False, default=0)
    has_breach_record = serializers.BooleanField(required=False, default=False)
    has_arrears_record = serializers.BooleanField(required=False, default=False)
    team_details = serializers.CharField(required=False, allow_blank=True, default="")
    capability = serializers.CharField(required=False, allow_blank=True, default="")
    product_lines = serializers.CharField(required=False, allow_blank=True, default="")
    downstream_customers = serializers.CharField(required=False, allow_blank=True, default="")
    credit_notes = serializers.CharField(required=False, allow_blank=True, default="")
    territory_codes = serializers.ListField(child=serializers.CharField(max_length=6), required=False, default=list,
                                            help_text="Province or city codes (GB/T 2260).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["customer"].queryset = partner_candidates_for(request.user)


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField()
    required = serializers.BooleanField(help_text="False: advisory (\"normally\"), shown but not blocking.")
    value = serializers.JSONField()
    threshold = serializers.JSONField()
    evidence_kind = serializers.CharField()
    attachment_present = serializers.BooleanField(allow_null=True)


class EvaluationSerializer(serializers.Serializer):
    tier = serializers.CharField()
    passed = serializers.BooleanField()
    criteria = CriterionSerializer(many=True)


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    checks = serializers.DictField(child=serializers.BooleanField(), required=False, default=dict,
                                   help_text="Reviewer checks of integrators/contractors, e.g. {\"credit\": true}.")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class DocumentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    file = serializers.FileField()


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


# -- scorecards ---------------------------------------------------------------------------------------------------


class ScorecardSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    follow_up = serializers.ChoiceField(choices=FollowUp.choices, read_only=True)

    class Meta:
        model = PartnerScorecard
        fields = ["id", "partner", "partner_name", "period_start", "period_end", "status", "status_label",
                  "service_level", "sales_amount", "sales_quota", "payment_punctuality", "complaint_count", "total",
                  "flagged", "follow_up", "notes", "filled_at"]


class ScorecardFillSerializer(serializers.Serializer):
    service_level = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    sales_amount = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True)
    sales_quota = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True)
    payment_punctuality = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    complaint_count = serializers.IntegerField(min_value=0, max_value=32767, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
