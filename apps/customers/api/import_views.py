"""Customer import API: start an import (202 with the job), follow it, download its per-row error report."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.permissions import require_perm
from core.jobs import with_live_progress

from .. import services
from ..importing import XLSX
from . import import_serializers as s


class ImportJobViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Customer imports as background jobs; each is visible to the user who started it and to administrators."""

    permission_classes = [require_perm("customers.import_customer")]
    serializer_class = s.ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "finished_at"]
    search_fields = []

    def get_queryset(self):
        return services.import_jobs_visible_to(self.request.user)

    def get_object(self):
        job = super().get_object()
        with_live_progress([job])
        return job

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        with_live_progress(page or [])
        return page

    @extend_schema(request={"multipart/form-data": s.ImportCreateSerializer},
                   responses={202: s.ImportJobSerializer, 400: OpenApiResponse(description="Not an Excel or CSV "
                              "file, no customer-name column, or an invalid mode or mapping (code `invalid`).")})
    def create(self, request, *args, **kwargs):
        data = s.ImportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        job = services.import_customers(actor=request.user, upload=fields.pop("file"), **fields)
        job.refresh_from_db()
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY,
                              404: OpenApiResponse(description="No such job, or it has no error report.")})
    @action(detail=True, methods=["get"], url_path="error-report", url_name="error-report")
    def error_report(self, request, pk=None):
        """The per-row error report of a finished import (.xlsx): row, column, value, problem, then the row."""
        job = self.get_object()
        if not job.result_file:
            raise Http404
        return FileResponse(job.result_file.open("rb"), as_attachment=True,
                            filename=f"import-{job.pk}-errors.xlsx", content_type=XLSX)
