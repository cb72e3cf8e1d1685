"""Input and output shapes of the import jobs and the public pool."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Job
from core.phones import mask_phone

from .. import importing
from ..models import Customer
from ..services.imports import ImportMode


class ImportCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An .xlsx workbook (first sheet) or a .csv file in UTF-8 or GBK/GB18030.")
    mode = serializers.ChoiceField(choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING,
                                   help_text="all_or_nothing: write only if every row is good; valid_rows: write "
                                             "the good rows and skip the others.")
    dry_run = serializers.BooleanField(default=False, help_text="Check every row but write nothing.")
    mapping = serializers.JSONField(
        required=False,
        help_text="Optional {header text or 1-based column number: field}; fields: " + ", ".join(importing.FIELDS)
                  + ". Unnamed columns are ignored. Detected from the headers when absent.",
    )

    def validate_mapping(self, value):
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise serializers.ValidationError("Give an object of {column: field}.")
        return value


class ImportJobSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    filename = serializers.CharField(source="params.filename")
    mode = serializers.CharField(source="params.mode")
    dry_run = serializers.BooleanField(source="params.dry_run")
    awaiting_start = serializers.BooleanField(source="params.awaiting_start",
                                              help_text="Uploaded in the web UI and not started yet.")
    created = serializers.SerializerMethodField()
    duplicates = serializers.SerializerMethodField()
    errors = serializers.SerializerMethodField()
    valid = serializers.SerializerMethodField(help_text="Rows that passed every check.")
    error_report = serializers.SerializerMethodField(help_text="Download link of the per-row error report (.xlsx).")

    class Meta:
        model = Job
        fields = ["id", "status", "status_label", "progress", "total", "created", "duplicates", "errors", "valid",
                  "error_report", "message", "filename", "mode", "dry_run", "awaiting_start", "created_at",
                  "started_at", "finished_at"]

    def _count(self, job: Job, name: str) -> int:
        return int(job.counts.get(name, 0))

    def get_created(self, job) -> int:
        return self._count(job, "created")

    def get_duplicates(self, job) -> int:
        return self._count(job, "duplicates")

    def get_errors(self, job) -> int:
        return self._count(job, "errors")

    def get_valid(self, job) -> int:
        return self._count(job, "valid")

    @extend_schema_field(OpenApiTypes.URI)
    def get_error_report(self, job) -> str | None:
        if not job.result_file:
            return None
        url = reverse("api:customer-import-error-report", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class PoolCustomerSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    phone = serializers.SerializerMethodField(help_text="Always masked in the pool: claim the customer to see it.")
    region_name = serializers.CharField(source="region.name", default="")

    class Meta:
        model = Customer
        fields = ["id", "name", "kind", "kind_label", "grade", "phone", "region", "region_name", "province", "city",
                  "district", "industry", "pool_since"]

    def get_phone(self, customer) -> str:
        return mask_phone(customer.phone)


class ReleaseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
