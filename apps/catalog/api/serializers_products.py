from rest_framework import serializers

from core.api.fields import PositionField

from .. import access
from ..models import Category, Product


class CategorySerializer(serializers.ModelSerializer):
    depth = serializers.IntegerField(read_only=True)

    class Meta:
        model = Category
        fields = ["id", "code", "name", "parent", "path", "depth", "sort_order", "is_active"]


class CategoryWriteSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=60)
    name = serializers.CharField(max_length=100)
    parent = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)
    sort_order = PositionField(required=False)
    is_active = serializers.BooleanField(required=False)


class ProductSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)
    unit_label = serializers.CharField(source="get_unit_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Product
        fields = ["id", "sku", "name", "model", "category", "category_name", "unit", "unit_label", "weight_kg",
                  "warranty_months", "is_serial_tracked", "is_spare_part", "reorder_level", "status", "status_label",
                  "launched_on", "retired_on", "description", "created_at", "updated_at"]


class ProductWriteSerializer(serializers.Serializer):
    """What a catalogue manager may set; the status changes only through retire/ and reinstate/."""

    sku = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=120)
    model = serializers.CharField(max_length=60, required=False, allow_blank=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    unit = serializers.ChoiceField(choices=Product._meta.get_field("unit").choices, required=False)
    weight_kg = serializers.DecimalField(max_digits=10, decimal_places=3, required=False, allow_null=True,
                                         min_value=0)
    warranty_months = serializers.IntegerField(min_value=0, max_value=120, required=False)
    is_serial_tracked = serializers.BooleanField(required=False)
    is_spare_part = serializers.BooleanField(required=False)
    reorder_level = serializers.DecimalField(max_digits=12, decimal_places=3, min_value=0, required=False)
    launched_on = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # absent while the OpenAPI schema is generated
            self.fields["category"].queryset = access.categories_visible_to(request.user)


class RetireSerializer(serializers.Serializer):
    retired_on = serializers.DateField(required=False, allow_null=True)
