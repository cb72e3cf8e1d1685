from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers

from apps.org import access as org_access
from apps.org import selectors as org_selectors
from core.api.fields import IdField, PositionField

from ..choices import MANUAL_MOVEMENTS
from ..models import Product, StockCount, StockCountLine, StockLevel, StockMovement, Warehouse

QTY = {"max_digits": 14, "decimal_places": 3}


class WarehouseSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.display_name", read_only=True, default="")
    region_name = serializers.CharField(source="region.display_name", read_only=True, default="")

    class Meta:
        model = Warehouse
        fields = ["id", "code", "name", "kind", "kind_label", "org_unit", "org_unit_name", "region", "region_name",
                  "address", "sort_order", "is_active"]


class WarehouseWriteSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Warehouse._meta.get_field("kind").choices)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=org_access.org_units_visible_to(AnonymousUser()),
                                                  required=False,
                                                  allow_null=True)
    region = serializers.PrimaryKeyRelatedField(queryset=org_selectors.list_regions(), required=False,
                                                allow_null=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    sort_order = PositionField(required=False)
    is_active = serializers.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["org_unit"].queryset = org_access.org_units_visible_to(request.user)


class StockLevelSerializer(serializers.ModelSerializer):
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    warehouse_name = serializers.CharField(source="warehouse.name", read_only=True)
    available = serializers.DecimalField(read_only=True, **QTY)
    is_low = serializers.BooleanField(read_only=True)

    class Meta:
        model = StockLevel
        fields = ["id", "product", "product_sku", "product_name", "warehouse", "warehouse_name", "on_hand",
                  "reserved", "available", "is_low", "updated_at"]


class StockMovementSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    warehouse_name = serializers.CharField(source="warehouse.name", read_only=True)
    actor_name = serializers.SerializerMethodField()
    reference_type = serializers.SerializerMethodField()

    class Meta:
        model = StockMovement
        fields = ["id", "kind", "kind_label", "product", "product_sku", "warehouse", "warehouse_name",
                  "on_hand_delta", "reserved_delta", "on_hand_after", "reserved_after", "reference",
                  "reference_type", "reference_id", "related_movement", "actor", "actor_name", "occurred_at", "note"]

    def get_actor_name(self, movement) -> str:
        actor = movement.actor
        return (actor.first_name or actor.username) if actor else ""

    def get_reference_type(self, movement) -> str:
        ct = movement.reference_type
        return f"{ct.app_label}.{ct.model}" if ct else ""


class StockMovementCreateSerializer(serializers.Serializer):
    """A hand-posted movement; an adjustment's quantity is signed (−2 books two units off)."""

    kind = serializers.ChoiceField(choices=MANUAL_MOVEMENTS)
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    warehouse = serializers.PrimaryKeyRelatedField(queryset=Warehouse.objects.all())
    to_warehouse = serializers.PrimaryKeyRelatedField(queryset=Warehouse.objects.all(), required=False,
                                                      allow_null=True)
    quantity = serializers.DecimalField(**QTY)
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, data):
        if data["kind"] == "transfer" and not data.get("to_warehouse"):
            raise serializers.ValidationError({"to_warehouse": ["Choose the warehouse to transfer to."]})
        return data


class StockCountLineSerializer(serializers.ModelSerializer):
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    difference = serializers.DecimalField(read_only=True, allow_null=True, **QTY)

    class Meta:
        model = StockCountLine
        fields = ["id", "product", "product_sku", "product_name", "system_qty", "counted_qty", "difference"]


class StockCountSerializer(serializers.ModelSerializer):
    warehouse_name = serializers.CharField(source="warehouse.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    line_count = serializers.IntegerField(read_only=True)
    variance_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = StockCount
        fields = ["id", "number", "warehouse", "warehouse_name", "status", "status_label", "note", "line_count",
                  "variance_count", "created_by", "created_at", "submitted_by", "submitted_at", "approved_by",
                  "approved_at", "rejected_by", "rejected_at", "rejection_reason"]


class StockCountDetailSerializer(StockCountSerializer):
    lines = StockCountLineSerializer(many=True, read_only=True)

    class Meta(StockCountSerializer.Meta):
        fields = [*StockCountSerializer.Meta.fields, "lines"]


class StockCountCreateSerializer(serializers.Serializer):
    warehouse = serializers.PrimaryKeyRelatedField(queryset=Warehouse.objects.filter(is_active=True))
    products = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all(), many=True, required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CountedLineSerializer(serializers.Serializer):
    id = IdField()
    counted_qty = serializers.DecimalField(allow_null=True, min_value=0, **QTY)


class StockCountUpdateSerializer(serializers.Serializer):
    lines = CountedLineSerializer(many=True)


class StockCountRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
