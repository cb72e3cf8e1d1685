"""The only writers of quality data: evaluation forms, the monthly QA sample, scores, and the monthly quality
feedback report (generated, stored with its Excel and PDF files, mailed to the departments)."""

import logging
import random
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import rules as rule_data
from core.audit import record_event
from core.models.audit import AuditAction
from core.notify import notify

from ..choices import DONE_STATUSES, FeedbackDepartment, QAEvaluationStatus
from ..models import EvaluationItem, EvaluationTemplate, QAEvaluation, QAScore, QualityReport, Ticket
from ..quality import report as report_files
from ..quality import rules, selectors

log = logging.getLogger(__name__)
SAMPLE_SIZE_RULE = "service.qa_sample_size"
RECIPIENTS_RULE = "service.quality_report_recipients"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- evaluation forms -----------------------------------------------------------------------------------------

def _decimal(value, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError({field: _("Enter a number.")}) from exc


@transaction.atomic
def save_template(*, actor, template: EvaluationTemplate | None = None, name: str, description: str = "",
                  is_active: bool = True, items: list[dict]) -> EvaluationTemplate:
    """Create or change a form with its items ({id?, name, description, max_points, weight}, in order). An item
    left out is deleted, or deactivated when evaluations have scored it already."""
    template = template or EvaluationTemplate(created_by=actor)
    template.name, template.description, template.is_active = name.strip(), description, is_active
    template.updated_by = actor
    template.full_clean()
    template.save()
    existing = {item.pk: item for item in EvaluationItem.objects.select_for_update().filter(template=template)}
    kept, errors = set(), {}
    for position, data in enumerate(items, start=1):
        item = existing.get(data.get("id")) or EvaluationItem(template=template)
        item.name = (data.get("name") or "").strip()
        item.description = data.get("description", "")
        item.max_points = _decimal(data.get("max_points"), "max_points")
        item.weight = _decimal(data.get("weight", 1), "weight")
        item.position, item.is_active = position * 10, True
        if not item.name:
            errors[f"items-{position}"] = _("Every item needs a name.")
        elif item.max_points <= 0 or item.weight <= 0:
            errors[f"items-{position}"] = _("Maximum points and weight must be more than zero.")
        else:
            item.save()
            kept.add(item.pk)
    if not kept and not errors:
        errors["items"] = _("A form needs at least one item.")
    if errors:
        raise ValidationError(errors)
    dropped = [pk for pk in existing if pk not in kept]
    scored = set(QAScore.objects.filter(item_id__in=dropped).values_list("item_id", flat=True))
    EvaluationItem.objects.filter(pk__in=scored).update(is_active=False)
    EvaluationItem.objects.filter(pk__in=set(dropped) - scored).delete()
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"qa-form:{template.pk}", op="save",
                 items=len(kept))
    return template


# -- the sample and the scores --------------------------------------------------------------------------------

def _units_of(agent_ids) -> dict[int, int | None]:
    rows = get_user_model().objects.filter(pk__in=agent_ids).values_list("pk", "employee__org_unit_id")
    return dict(rows)


@transaction.atomic
def sample_tickets(*, actor, period, template: EvaluationTemplate, size: int | None = None, team=None,
                   rng: random.Random | None = None) -> list[QAEvaluation]:
    """Draw the month's random sample: per agent, up to `size` (the dated parameter by default) of their tickets
    resolved in the month, less those already sampled; each becomes an evaluation to score."""
    period = rules.month_start(period)
    if not template.is_active:
        raise ValidationError({"template": _("This form is no longer in use.")})
    size = int(rule_data.value(SAMPLE_SIZE_RULE, period)) if size is None else size
    if size < 1:
        raise ValidationError({"size": _("Sample at least one ticket per agent.")})
    candidates = selectors.sample_candidates(actor, period, team_path=team.path if team else "")
    chosen = rules.choose_sample(candidates, size=size, already=selectors.sampled_counts(period), rng=rng)
    units = _units_of(chosen)
    created = []
    for agent_id, ticket_ids in chosen.items():
        for ticket_id in ticket_ids:
            try:
                with transaction.atomic():
                    created.append(QAEvaluation.objects.create(
                        ticket_id=ticket_id, template=template, agent_id=agent_id, team_id=units.get(agent_id),
                        period=period, created_by=actor, updated_by=actor))
            except IntegrityError:
                continue  # sampled at the same moment by another evaluator
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"qa-sample:{period:%Y-%m}", op="sample",
                 size=size, created=len(created))
    return created


def _scores(template: EvaluationTemplate, scores: dict) -> list[QAScore]:
    """Validated item scores: every active item of the form, points between 0 and the item's maximum."""
    items = selectors.active_items(template)
    errors, result = {}, []
    for item in items:
        given = scores.get(item.pk)
        if given is None or given.get("points") in (None, ""):
            errors[f"item-{item.pk}"] = _("Give points for %(item)s.") % {"item": item.name}
            continue
        points = _decimal(given["points"], f"item-{item.pk}")
        problem = rules.points_error(points, item.max_points)
        if problem:
            errors[f"item-{item.pk}"] = _("Between 0 and %(max)s points.") % {"max": item.max_points.normalize()}
            continue
        result.append(QAScore(item=item, points=points, max_points=item.max_points, weight=item.weight,
                              comment=(given.get("comment") or "")[:300]))
    unknown = set(scores) - {item.pk for item in items}
    if unknown:
        errors["scores"] = _("Score only the items of this form.")
    if errors:
        raise ValidationError(errors)
    return result


@transaction.atomic
def score_evaluation(*, actor, evaluation: QAEvaluation, scores: dict, comment: str = "") -> QAEvaluation:
    """Score (or correct) an evaluation: points per item {item_id: {points, comment}} → the weighted score out of
    100. The agent is told in the app."""
    evaluation = QAEvaluation.objects.select_for_update().select_related("template").get(pk=evaluation.pk)
    if evaluation.agent_id == actor.pk:
        raise ValidationError(_("Nobody scores their own tickets."), code="own_ticket")
    item_scores = _scores(evaluation.template, scores)
    evaluation.scores.all().delete()
    for score in item_scores:
        score.evaluation = evaluation
    QAScore.objects.bulk_create(item_scores)
    evaluation.score = rules.weighted_score(rules.ItemScore(s.points, s.max_points, s.weight) for s in item_scores)
    evaluation.status = QAEvaluationStatus.SCORED
    evaluation.comment, evaluation.evaluator, evaluation.scored_at = comment, actor, timezone.now()
    evaluation.updated_by = actor
    evaluation.save(update_fields=["score", "status", "comment", "evaluator", "scored_at", "updated_by",
                                   "updated_at"])
    url = reverse("service:qa-detail", args=[evaluation.pk])
    agent = get_user_model().objects.get(pk=evaluation.agent_id)
    transaction.on_commit(lambda: notify([agent], title=_("Your ticket was evaluated: %(score)s points")
                                         % {"score": evaluation.score}, url=url))
    return evaluation


@transaction.atomic
def create_evaluation(*, actor, ticket: Ticket, template: EvaluationTemplate, scores: dict,
                      comment: str = "") -> QAEvaluation:
    """Evaluate a resolved ticket picked by hand (outside the monthly sample) and score it at once."""
    if ticket.status not in DONE_STATUSES or ticket.assignee_id is None or ticket.resolved_at is None:
        raise ValidationError({"ticket": _("Only resolved tickets with an agent are evaluated.")})
    if not template.is_active:
        raise ValidationError({"template": _("This form is no longer in use.")})
    period = rules.month_start(timezone.localtime(ticket.resolved_at).date())
    try:
        with transaction.atomic():
            evaluation = QAEvaluation.objects.create(
                ticket=ticket, template=template, agent_id=ticket.assignee_id,
                team_id=_units_of([ticket.assignee_id]).get(ticket.assignee_id), period=period, created_by=actor,
                updated_by=actor)
    except IntegrityError as exc:
        raise ValidationError({"ticket": _("This ticket has been evaluated already.")}, code="duplicate") from exc
    return score_evaluation(actor=actor, evaluation=evaluation, scores=scores, comment=comment)


# -- the monthly quality feedback report ----------------------------------------------------------------------

class ReportBusy(Exception):
    """Another (re)generation of the same month got there first."""


def _files(report: QualityReport) -> tuple[bytes, bytes]:
    """Excel and PDF in the company's language (they go to other departments), whatever the caller speaks."""
    with translation.override(settings.LANGUAGE_CODE):
        return report_files.build_excel(report), report_files.build_pdf(report)


def generate_quality_report(*, actor, period, send: bool = False) -> QualityReport:
    """Build the month's report from the tickets, store it with its files (a new version when it exists) and,
    with `send`, mail it to the departments once the transaction commits. `actor` None: the scheduled task."""
    period = rules.month_start(period)
    with transaction.atomic():
        existing = QualityReport.objects.filter(period=period).first()
        rows = report_files.defect_rows(period)
        report = existing or QualityReport(period=period, created_by=actor)
        if existing is not None:
            claimed = QualityReport.objects.filter(pk=existing.pk, version=existing.version).update(
                version=existing.version + 1)
            if not claimed:
                raise ReportBusy
            report.version = existing.version + 1
        old_files = [f.name for f in (report.excel, report.pdf) if f]
        report.rows, report.defect_count = rows, sum(r["count"] for r in rows)
        report.generated_at, report.generated_by, report.updated_by = timezone.now(), actor, actor
        excel, pdf = _files(report)
        stem = f"quality-feedback-{period:%Y-%m}-v{report.version}"
        report.excel.save(f"{stem}.xlsx", ContentFile(excel), save=False)
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:
            raise ReportBusy from exc
        record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=f"quality-report:{period:%Y-%m}",
                     op="generate", version=report.version, defects=report.defect_count)
        storage = report.excel.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in old_files])
        if send:
            transaction.on_commit(lambda: send_quality_report(report=report))
    return report


def recipients() -> dict[str, list[str]]:
    """Addresses per department from the parameter in force today (departments without one are left out)."""
    table = rule_data.value(RECIPIENTS_RULE)
    return rules.recipients_by_department(table if isinstance(table, list) else [])


def send_quality_report(*, report: QualityReport) -> list[dict]:
    """Mail the report with its Excel and PDF to each department's recipients; returns and stores who got it."""
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = report_files.title_for(report.period)
        for department, addresses in recipients().items():
            label = FeedbackDepartment(department).label if department in FeedbackDepartment.values else department
            body = _("To %(department)s:\n\nAttached is the quality feedback report for %(month)s: %(count)s "
                     "defects (repairs and product complaints) by product, model, category, cause and region.\n\n"
                     "— Customer Service Centre") % {"department": label, "month": f"{report.period:%Y-%m}",
                                                      "count": report.defect_count}
            message = EmailMessage(subject=f"{subject} — {label}", body=body, to=addresses)
            stem = f"quality-feedback-{report.period:%Y-%m}"
            with report.excel.open("rb") as excel, report.pdf.open("rb") as pdf:
                message.attach(f"{stem}.xlsx", excel.read(), XLSX)
                message.attach(f"{stem}.pdf", pdf.read(), "application/pdf")
            try:
                message.send()
            except OSError:
                log.exception("Could not mail the quality report %s to %s", report, department)
                continue
            sent.append({"department": department, "emails": addresses})
    if sent:
        QualityReport.objects.filter(pk=report.pk).update(sent_at=timezone.now(), sent_to=sent)
    return sent


def generate_last_month_report(*, today=None) -> QualityReport | None:
    """The scheduled job: on the 1st (or the first run after it) build and mail the previous month's report,
    once — a month that has a report already is left alone."""
    period = rules.previous_month(today or timezone.localdate())
    if selectors.report_for_period(period) is not None:
        return None
    try:
        return generate_quality_report(actor=None, period=period, send=True)
    except ReportBusy:
        return None
