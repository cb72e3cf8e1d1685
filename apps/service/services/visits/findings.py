"""The satisfaction follow-up (domain.md §7): an unsatisfied customer's findings (or a suggestion) go to the
responsible department within 2 working days, the department answers with measures within 3, and the customer is
revisited within 2 weeks after the fix. Each step has an assignee, a department and a deadline on the working
calendar; the numbers are dated parameters."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notify import notify

from ...models import FindingStep, ReturnVisit, SatisfactionFinding
from ...visits.choices import FindingStatus, FindingStepKind, FindingStepStatus, ReturnVisitStatus
from . import common, planning

DAYS = {FindingStepKind.FORWARD: "service.finding_forward_working_days",
        FindingStepKind.MEASURES: "service.finding_measures_working_days",
        FindingStepKind.REVISIT: "service.finding_revisit_working_days"}


def _head_of(unit):
    """The nearest active head at or above the unit (the department manager)."""
    while unit is not None:
        if unit.head_id is not None and unit.head.is_active:
            return unit.head
        unit = unit.parent
    return None


def _proposed_department(visit: ReturnVisit):
    ticket = visit.ticket
    if ticket is None:
        return None
    return ticket.department or ticket.team


def _summary(visit: ReturnVisit) -> str:
    parts = []
    if visit.satisfied is False:
        parts.append(_("Not satisfied (score %(score)s): %(comment)s") % {"score": visit.score,
                                                                          "comment": visit.comment or "—"})
    if visit.suggestions:
        parts.append(_("Suggestions: %(text)s") % {"text": visit.suggestions})
    return "\n".join(parts)


def steps_url() -> str:
    return reverse("service:follow-ups")


def _open_step(*, actor, finding: SatisfactionFinding, kind: str, department, assignee,
               now: dt.datetime) -> FindingStep:
    step = FindingStep.objects.create(finding=finding, kind=kind, department=department, assignee=assignee,
                                      due_at=common.working_days_later(now, DAYS[kind]), created_by=actor,
                                      updated_by=actor)
    if assignee is not None and assignee != actor:
        notify([assignee], title=_("Satisfaction follow-up: %(step)s") % {"step": step.get_kind_display()},
               body=finding.summary[:300], url=steps_url(), level="warning")
    return step


def open_finding(*, actor, visit: ReturnVisit, now: dt.datetime | None = None) -> SatisfactionFinding:
    """Start the follow-up of a visit's findings: the first step hands them to the responsible department."""
    now = now or timezone.now()
    department = _proposed_department(visit)
    finding = SatisfactionFinding.objects.create(
        visit=visit, ticket=visit.ticket, customer=visit.customer, satisfied=bool(visit.satisfied),
        summary=_summary(visit), department=department, created_by=actor, updated_by=actor)
    assignee = visit.assignee or common.least_loaded(common.visit_agents())
    _open_step(actor=actor, finding=finding, kind=FindingStepKind.FORWARD, department=department,
               assignee=assignee, now=now)
    return finding


def _done(step: FindingStep, actor, note: str, now: dt.datetime) -> None:
    step.status, step.note, step.done_at, step.done_by, step.updated_by = (
        FindingStepStatus.DONE, note.strip(), now, actor, actor)
    step.save(update_fields=["status", "note", "done_at", "done_by", "department", "updated_by", "updated_at"])


@transaction.atomic
def complete_step(*, actor, step: FindingStep, note: str = "", department=None) -> FindingStep:
    """Complete a step and open the next: forwarding names the department (whose head gets the measures step);
    the measures say what the department did (and the customer's revisit is planned). The revisit step is
    completed by its return visit."""
    if step.kind == FindingStepKind.REVISIT:
        raise ValidationError(_("The revisit step is completed by recording its return visit."), code="invalid")
    step = common.claim_step(step)
    finding, now = step.finding, timezone.now()
    if step.kind == FindingStepKind.FORWARD:
        department = department or step.department
        if department is None:
            raise ValidationError({"department": [_("Choose the responsible department.")]})
        step.department = finding.department = department
        finding.save(update_fields=["department", "updated_at"])
        _done(step, actor, note, now)
        _open_step(actor=actor, finding=finding, kind=FindingStepKind.MEASURES, department=department,
                   assignee=_head_of(department), now=now)
    else:
        if not note.strip():
            raise ValidationError({"note": [_("Write down the department's measures.")]})
        _done(step, actor, note, now)
        origin = finding.visit
        revisit = _open_step(actor=actor, finding=finding, kind=FindingStepKind.REVISIT, department=origin.team,
                             assignee=origin.assignee, now=now)
        planning.plan_follow_up_visit(actor=actor, step=revisit, now=now)
    return step


def finish_revisit(*, actor, visit: ReturnVisit, now: dt.datetime) -> None:
    """The revisit step ends with its visit (done, unreachable or cancelled); the finding is then closed."""
    step = FindingStep.objects.select_related("finding").filter(
        pk=visit.follow_up_of_id, status=FindingStepStatus.OPEN).first()
    if step is None:
        return
    if visit.status == ReturnVisitStatus.DONE:
        note = _("Revisited: %(verdict)s, score %(score)s. %(comment)s") % {
            "verdict": _("satisfied") if visit.satisfied else _("not satisfied"), "score": visit.score,
            "comment": visit.comment}
    else:
        note = visit.get_status_display()
    step.status, step.note, step.done_at, step.done_by, step.updated_by = (
        FindingStepStatus.DONE, note.strip(), now, actor, actor)
    step.version += 1
    step.save(update_fields=["status", "note", "done_at", "done_by", "version", "updated_by", "updated_at"])
    finding = step.finding
    finding.status, finding.closed_at, finding.updated_by = FindingStatus.CLOSED, now, actor
    finding.save(update_fields=["status", "closed_at", "updated_by", "updated_at"])
