"""Quality API: QA evaluations (an agent sees only their own; another's id answers 404) with the monthly sample
and scoring, and the monthly quality feedback reports with their audited Excel/PDF files."""

import django_filters
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from core.api.errors import Conflict
from core.api.fields import IdField, IdFilter
from core.api.permissions import ModelPermissions, require_perm
from core.audit import record_event
from core.models.audit import AuditAction
from core.pdf import CJKFontMissing

from ..choices import QAEvaluationStatus
from ..models import EvaluationTemplate, QAEvaluation, QAScore, QualityReport
from ..quality import access, rules, selectors
from ..selectors import work_units_for
from ..services import quality as services
from .serializers import TicketErrorSerializer

_ERRORS = {400: OpenApiResponse(TicketErrorSerializer, description="Invalid input; `fields` names each problem."),
           403: OpenApiResponse(TicketErrorSerializer), 404: OpenApiResponse(TicketErrorSerializer)}


class PeriodField(serializers.CharField):
    """A month as "YYYY-MM" (a date inside it is accepted too) → its first day."""

    def to_internal_value(self, data):
        period = rules.parse_period(str(super().to_internal_value(data)))
        if period is None:
            raise serializers.ValidationError(_("Enter a month as YYYY-MM."))
        return period


# -- evaluations ---------------------------------------------------------------------------------------------

class QAScoreSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = QAScore
        fields = ["item", "item_name", "points", "max_points", "weight", "comment"]


class QAEvaluationSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)
    agent_name = serializers.SerializerMethodField()
    evaluator_name = serializers.SerializerMethodField()
    team_name = serializers.CharField(source="team.display_name", read_only=True, default="")
    template_name = serializers.CharField(source="template.name", read_only=True)
    scores = QAScoreSerializer(many=True, read_only=True)

    class Meta:
        model = QAEvaluation
        fields = ["id", "ticket", "ticket_number", "template", "template_name", "agent", "agent_name", "team",
                  "team_name", "period", "status", "status_label", "score", "comment", "evaluator", "evaluator_name",
                  "scored_at", "scores", "created_at", "updated_at"]

    def _name(self, user) -> str:
        return (user.first_name or user.username) if user else ""

    def get_agent_name(self, evaluation) -> str:
        return self._name(evaluation.agent)

    def get_evaluator_name(self, evaluation) -> str:
        return self._name(evaluation.evaluator)


class ScoreInputSerializer(serializers.Serializer):
    item = IdField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class QAScoringSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_scores(self, value):
        items = [row["item"] for row in value]
        if len(items) != len(set(items)):
            raise serializers.ValidationError(_("Score each item once."))
        return value


class QAEvaluationCreateSerializer(QAScoringSerializer):
    ticket = IdField(help_text="A resolved ticket with an agent, not yet evaluated.")
    template = IdField(required=False, help_text="The evaluation form; the first active by default.")


class QASampleSerializer(serializers.Serializer):
    period = PeriodField(help_text='The month, "YYYY-MM".')
    template = IdField(required=False, help_text="The evaluation form; the first active by default.")
    size = serializers.IntegerField(required=False, min_value=1, max_value=100,
                                    help_text="Tickets per agent; the dated parameter service.qa_sample_size "
                                              "by default.")
    team = IdField(required=False, help_text="Only agents of this org unit (and its sub-units).")


class QAEvaluationFilter(django_filters.FilterSet):
    period = django_filters.CharFilter(method="filter_period", help_text='The month, "YYYY-MM".')
    agent = IdFilter(field_name="agent_id")
    team = IdFilter(field_name="team_id")
    status = django_filters.ChoiceFilter(choices=QAEvaluationStatus.choices)
    ticket = IdFilter(field_name="ticket_id")

    class Meta:
        model = QAEvaluation
        fields = {"scored_at": ["gte", "lte"]}

    def filter_period(self, queryset, name, value):
        period = rules.parse_period(value)
        return queryset.filter(period=period) if period else queryset.none()


def _score_map(rows) -> dict:
    return {row["item"]: {"points": row["points"], "comment": row.get("comment", "")} for row in rows}


def _template(user, pk):
    if pk is None:
        template = selectors.default_template()
        if template is None:
            raise ValidationError({"template": [_("No active evaluation form.")]})
        return template
    try:
        return selectors.list_templates_for(user).get(pk=pk)
    except (ValueError, TypeError, EvaluationTemplate.DoesNotExist) as exc:
        raise ValidationError({"template": [_("Unknown evaluation form.")]}) from exc


class QAEvaluationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """QA evaluations in the caller's scope: an agent their own, a supervisor their team's, evaluators all."""

    permission_classes = [ModelPermissions]
    serializer_class = QAEvaluationSerializer
    filterset_class = QAEvaluationFilter
    search_fields = ["ticket__number", "ticket__subject", "agent__first_name", "agent__username"]
    ordering_fields = ["period", "scored_at", "score", "created_at"]
    ordering = ["-period", "-created_at", "-id"]

    def get_queryset(self):
        return access.evaluations_visible_to(self.request.user).select_related(
            "ticket", "agent", "evaluator", "team", "template").prefetch_related("scores__item")

    def _out(self, evaluation, code=status.HTTP_200_OK) -> Response:
        evaluation = self.get_queryset().get(pk=evaluation.pk)
        return Response(self.get_serializer(evaluation).data, status=code)

    @extend_schema(request=QAEvaluationCreateSerializer, responses={201: QAEvaluationSerializer, **_ERRORS})
    def create(self, request, *args, **kwargs):
        """Evaluate a resolved ticket picked by hand and score it at once."""
        data = QAEvaluationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        data = data.validated_data
        ticket = selectors.evaluable_tickets_for(request.user).filter(pk=data["ticket"]).first()
        if ticket is None:
            raise ValidationError({"ticket": [_("Not a resolved ticket you may evaluate, or evaluated already.")]})
        if ticket.assignee_id == request.user.pk:
            raise PermissionDenied(_("Nobody scores their own tickets."))
        evaluation = services.create_evaluation(actor=request.user, ticket=ticket,
                                                template=_template(request.user, data.get("template")),
                                                scores=_score_map(data["scores"]), comment=data["comment"])
        return self._out(evaluation, status.HTTP_201_CREATED)

    @extend_schema(request=QAScoringSerializer, responses={200: QAEvaluationSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("service.change_qaevaluation")])
    def score(self, request, pk=None):
        """Score a sampled evaluation (or correct its score): points for every active item of its form."""
        evaluation = self.get_object()
        if not access.can_score(request.user, evaluation):
            raise PermissionDenied(_("Nobody scores their own tickets."))
        data = QAScoringSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.score_evaluation(actor=request.user, evaluation=evaluation,
                                  scores=_score_map(data.validated_data["scores"]),
                                  comment=data.validated_data["comment"])
        return self._out(evaluation)

    @extend_schema(request=QASampleSerializer, responses={201: QAEvaluationSerializer(many=True), **_ERRORS})
    @action(detail=False, methods=["post"], permission_classes=[require_perm("service.add_qaevaluation")])
    def sample(self, request):
        """Draw the month's random sample: per agent, up to N of their resolved tickets become evaluations."""
        data = QASampleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        data = data.validated_data
        team = None
        if data.get("team") is not None:
            team = work_units_for(request.user).filter(pk=data["team"]).first()
            if team is None:
                raise ValidationError({"team": [_("Unknown team.")]})
        created = services.sample_tickets(actor=request.user, period=data["period"], size=data.get("size"),
                                          template=_template(request.user, data.get("template")), team=team)
        queryset = self.get_queryset().filter(pk__in=[e.pk for e in created])
        return Response(self.get_serializer(queryset, many=True).data, status=status.HTTP_201_CREATED)


# -- quality feedback reports --------------------------------------------------------------------------------

class QualityReportSerializer(serializers.ModelSerializer):
    generated_by_name = serializers.SerializerMethodField()
    excel_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = QualityReport
        fields = ["id", "period", "version", "defect_count", "generated_at", "generated_by", "generated_by_name",
                  "sent_at", "sent_to", "excel_url", "pdf_url"]

    def get_generated_by_name(self, report) -> str:
        user = report.generated_by
        return (user.first_name or user.username) if user else ""

    def _url(self, report, name: str) -> str | None:
        if not getattr(report, "excel" if name == "excel" else "pdf"):
            return None
        return self.context["request"].build_absolute_uri(reverse(f"api:quality-report-{name}", args=[report.pk]))

    def get_excel_url(self, report) -> str | None:
        return self._url(report, "excel")

    def get_pdf_url(self, report) -> str | None:
        return self._url(report, "pdf")


class ReportRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    product = serializers.CharField()
    model = serializers.CharField()
    category = serializers.CharField()
    category_en = serializers.CharField()
    cause = serializers.CharField()
    region = serializers.CharField()
    region_en = serializers.CharField()
    count = serializers.IntegerField()


class QualityReportDetailSerializer(QualityReportSerializer):
    rows = ReportRowSerializer(many=True, read_only=True)

    class Meta(QualityReportSerializer.Meta):
        fields = [*QualityReportSerializer.Meta.fields, "rows"]


class ReportGenerateSerializer(serializers.Serializer):
    period = PeriodField(help_text='The month, "YYYY-MM".')
    send = serializers.BooleanField(default=False, help_text="Mail it to the departments' recipients.")


class ReportResendSerializer(serializers.Serializer):
    send = serializers.BooleanField(default=False, help_text="Mail it to the departments' recipients.")


REGENERATE = require_perm("service.regenerate_qualityreport")


class QualityReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Monthly quality feedback reports (质量信息反馈表); managers generate and regenerate them."""

    permission_classes = [ModelPermissions]
    filterset_fields = {"period": ["exact", "gte", "lte"]}
    ordering_fields = ["period", "generated_at", "defect_count"]
    ordering = ["-period"]

    def get_queryset(self):
        return selectors.list_reports_for(self.request.user)

    def get_serializer_class(self):
        return QualityReportDetailSerializer if self.action != "list" else QualityReportSerializer

    def get_permissions(self):
        if self.action in ("create", "regenerate"):
            return [REGENERATE()]
        return super().get_permissions()

    def _generate(self, period, send: bool, code: int) -> Response:
        try:
            report = services.generate_quality_report(actor=self.request.user, period=period, send=send)
        except services.ReportBusy as exc:
            raise Conflict(_("The report is being generated by someone else."), code="report_busy") from exc
        except CJKFontMissing as exc:
            raise Conflict(str(exc), code="pdf_font_missing") from exc
        report = self.get_queryset().get(pk=report.pk)
        return Response(QualityReportDetailSerializer(report, context=self.get_serializer_context()).data,
                        status=code)

    @extend_schema(request=ReportGenerateSerializer,
                   responses={201: QualityReportDetailSerializer, 409: OpenApiResponse(TicketErrorSerializer),
                              **_ERRORS})
    def create(self, request, *args, **kwargs):
        """Generate a month's report (a month that has one gets a new version)."""
        data = ReportGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._generate(data.validated_data["period"], data.validated_data["send"], status.HTTP_201_CREATED)

    @extend_schema(request=ReportResendSerializer,
                   responses={200: QualityReportDetailSerializer, 409: OpenApiResponse(TicketErrorSerializer),
                              **_ERRORS})
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        """Count the month again into a new version; optionally mail it again."""
        report = self.get_object()
        data = ReportResendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._generate(report.period, data.validated_data["send"], status.HTTP_200_OK)

    def _file(self, field: str, content_type: str, extension: str):
        report = self.get_object()
        stored = getattr(report, field)
        if not stored:
            raise NotFound
        record_event(AuditAction.EXPORT, request=self.request, target=f"quality-report:{report.period:%Y-%m}",
                     format=extension, version=report.version, via="api")
        return FileResponse(stored.open("rb"), as_attachment=True, content_type=content_type,
                            filename=f"quality-feedback-{report.period:%Y-%m}.{extension}")

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiTypes.BINARY, **_ERRORS})
    @action(detail=True, methods=["get"], url_name="excel")
    def excel(self, request, pk=None):
        """The report's Excel file, as mailed (the download is logged)."""
        return self._file("excel", services.XLSX, "xlsx")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **_ERRORS})
    @action(detail=True, methods=["get"], url_name="pdf")
    def pdf(self, request, pk=None):
        """The report's PDF file, as mailed (the download is logged)."""
        return self._file("pdf", "application/pdf", "pdf")
