from rest_framework import serializers

from core.api.fields import IdField

from .. import access
from ..choices import AdjustmentType, PriceTier, WindowKind
from ..models import Category, PriceItem, PriceList, PriceWindow, Product

MONEY = {"max_digits": 14, "decimal_places": 2}
QTY = {"max_digits": 14, "decimal_places": 3}


def _visible_tier(serializer, tier: str) -> str:
    request = serializer.context.get("request")
    if tier and request is not None and not access.can_view_tier(request.user, tier):
        raise serializers.ValidationError("Unknown price tier.")
    return tier


class PriceItemSerializer(serializers.ModelSerializer):
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)

    class Meta:
        model = PriceItem
        fields = ["id", "product", "product_sku", "product_name", "min_quantity", "unit_price"]


class PriceListSerializer(serializers.ModelSerializer):
    tier_label = serializers.CharField(source="get_tier_display", read_only=True)
    items = PriceItemSerializer(many=True, read_only=True)

    class Meta:
        model = PriceList
        fields = ["id", "code", "name", "tier", "tier_label", "effective_from", "effective_to", "note", "items",
                  "created_at", "updated_at"]


class PriceItemWriteSerializer(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    min_quantity = serializers.DecimalField(min_value=0, required=False, default=1, **QTY)
    unit_price = serializers.DecimalField(min_value=0, **MONEY)


class PriceListWriteSerializer(serializers.Serializer):
    """A price-list version; `items`, when sent, replace all of its items."""

    code = serializers.SlugField(max_length=60)
    name = serializers.CharField(max_length=100)
    tier = serializers.ChoiceField(choices=PriceTier.choices)
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    items = PriceItemWriteSerializer(many=True, required=False)

    def validate_tier(self, tier):
        return _visible_tier(self, tier)


class PriceWindowSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    tier_label = serializers.CharField(source="get_tier_display", read_only=True)
    product_sku = serializers.CharField(source="product.sku", read_only=True, default="")
    category_name = serializers.CharField(source="category.name", read_only=True, default="")

    class Meta:
        model = PriceWindow
        fields = ["id", "name", "kind", "kind_label", "starts_on", "ends_on", "product", "product_sku", "category",
                  "category_name", "tier", "tier_label", "adjustment_type", "percent", "fixed_price", "is_active"]


class PriceWindowWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=WindowKind.choices, required=False)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all(), required=False, allow_null=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)
    tier = serializers.ChoiceField(choices=[("", "—"), *PriceTier.choices], required=False, allow_blank=True)
    adjustment_type = serializers.ChoiceField(choices=AdjustmentType.choices, required=False)
    percent = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    fixed_price = serializers.DecimalField(min_value=0, required=False, allow_null=True, **MONEY)
    is_active = serializers.BooleanField(required=False)

    def validate_tier(self, tier):
        return _visible_tier(self, tier)


class PriceQuoteQuerySerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=PriceTier.choices)
    grade = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    quantity = serializers.DecimalField(min_value=0, required=False, default=1, **QTY)
    date = serializers.DateField(required=False)

    def validate_tier(self, tier):
        return _visible_tier(self, tier)


class ExplanationStepSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    amount = serializers.DecimalField(allow_null=True, **MONEY)


class PriceQuoteSerializer(serializers.Serializer):
    tier = serializers.CharField()
    tier_label = serializers.SerializerMethodField()
    grade = serializers.CharField()
    product = IdField(source="product_id")
    quantity = serializers.DecimalField(**QTY)
    date = serializers.DateField(source="on")
    unit_price = serializers.DecimalField(**MONEY)
    list_price = serializers.DecimalField(**MONEY)
    floor_price = serializers.DecimalField(allow_null=True, help_text="Null for roles without the confidential-"
                                           "prices right.", **MONEY)
    below_floor = serializers.BooleanField()
    clamped = serializers.BooleanField()
    line_total = serializers.DecimalField(**MONEY)
    explanation = ExplanationStepSerializer(many=True)

    def get_tier_label(self, quote) -> str:
        return str(PriceTier(quote.tier).label)
