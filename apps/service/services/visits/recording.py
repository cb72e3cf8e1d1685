"""Working a return visit: record a call (or the customer's answer on the link), agree a time, take, assign,
cancel. A satisfied customer closes the ticket; an unsatisfied one reopens it to its team and starts the
satisfaction follow-up; a customer not reached is called again until the retry limit."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notify import notify

from ... import workflow as ticket_workflow
from ...choices import TicketStatus
from ...models import ReturnVisit, ReturnVisitAttempt
from ...visits import rules, workflow
from ...visits.choices import AnswerChannel, ReturnVisitStatus
from .. import lifecycle
from . import common, findings

OUTCOME_FIELDS = ["status", "attempt_count", "scheduled_at", "agreed_time", "reached", "satisfied", "score",
                  "comment", "suggestions", "answered_via", "completed_at", "completed_by", "assignee", "team",
                  "updated_by", "updated_at"]


def _start_ticket_visit(visit: ReturnVisit, actor) -> None:
    """The first call moves a resolved ticket into its return visit."""
    if visit.ticket is not None and visit.ticket.status == TicketStatus.RESOLVED:
        lifecycle.start_return_visit(actor=actor, ticket=visit.ticket)


def _ticket_may(visit: ReturnVisit, target: str) -> bool:
    ticket = visit.ticket
    if ticket is None:
        return False
    ticket.refresh_from_db(fields=["status"])
    return ticket_workflow.can_transition(ticket.status, target)


def _settle_ticket(visit: ReturnVisit, actor, outcome: rules.Outcome) -> None:
    """Satisfied: close and archive the ticket. Unsatisfied: reopen it to its team with the customer's words."""
    if outcome.satisfied and _ticket_may(visit, TicketStatus.CLOSED):
        lifecycle.close_ticket(actor=actor, ticket=visit.ticket,
                               reason=_("Return visit: satisfied (score %(score)s).") % {"score": outcome.score})
    elif outcome.satisfied is False and _ticket_may(visit, TicketStatus.REOPENED):
        reason = outcome.comment.strip() or _("The customer is not satisfied (return visit).")
        lifecycle.reopen_ticket(actor=actor, ticket=visit.ticket,
                                reason=_("Return visit, not satisfied: %(reason)s") % {"reason": reason})


def _close_unreachable_ticket(visit: ReturnVisit, actor) -> None:
    if _ticket_may(visit, TicketStatus.CLOSED):
        lifecycle.close_ticket(actor=actor, ticket=visit.ticket,
                               reason=_("Return visit: the customer could not be reached."))


def _not_reached(visit: ReturnVisit, actor, now: dt.datetime, note: str, via: str) -> ReturnVisitAttempt:
    max_attempts = int(common.number("service.visit_max_attempts", now))
    failed = visit.attempts.filter(reached=False).count() + 1
    if rules.gives_up(failed, max_attempts):
        workflow.transition(visit, ReturnVisitStatus.UNREACHABLE)
        visit.reached, visit.completed_at, visit.completed_by = False, now, actor
        next_call = None
    else:
        workflow.transition(visit, ReturnVisitStatus.NOT_REACHED)
        hours = float(common.number("service.visit_retry_working_hours", now))
        quiet = common.quiet_windows(timezone.localdate(now))
        next_call = rules.retry_at(now, common.calendar(), hours, quiet, common.business_tz())
        visit.scheduled_at, visit.agreed_time = next_call, False
    return ReturnVisitAttempt(visit=visit, at=now, by=actor, reached=False, via=via, note=note[:500],
                              next_call_at=next_call)


def _reached(visit: ReturnVisit, actor, now: dt.datetime, outcome: rules.Outcome, via: str) -> ReturnVisitAttempt:
    workflow.transition(visit, ReturnVisitStatus.DONE)
    visit.reached, visit.satisfied, visit.score = True, outcome.satisfied, outcome.score
    visit.comment, visit.suggestions = outcome.comment.strip(), outcome.suggestions.strip()
    visit.answered_via, visit.completed_at, visit.completed_by = via, now, actor
    return ReturnVisitAttempt(visit=visit, at=now, by=actor, reached=True, via=via, note=visit.comment[:500])


@transaction.atomic
def record_return_visit(*, actor, visit: ReturnVisit, reached: bool, satisfied: bool | None = None,
                        score: int | None = None, comment: str = "", suggestions: str = "",
                        via: str = AnswerChannel.PHONE) -> ReturnVisit:
    """Record one call of the visit (actor None: the customer answered the satisfaction link). Not reached: the
    next call is planned out of the quiet hours until the retry limit closes the visit as unreachable. Reached:
    the outcome is kept; satisfied closes the ticket, unsatisfied reopens it; an unsatisfied customer or a
    suggestion starts the follow-up chain. ValidationError names wrong fields; VisitClosed when already done."""
    outcome = rules.Outcome(reached=bool(reached), satisfied=satisfied, score=score, comment=comment or "",
                            suggestions=suggestions or "")
    rules.check_outcome(outcome, comment_required_when_unsatisfied=via == AnswerChannel.PHONE)
    visit = common.claim(visit)
    now = timezone.now()
    visit.attempt_count += 1
    if visit.assignee_id is None and actor is not None:
        visit.assignee, visit.team = actor, common.team_of(actor)
    if outcome.reached:
        attempt = _reached(visit, actor, now, outcome, via)
    else:
        attempt = _not_reached(visit, actor, now, outcome.comment, via)
    visit.updated_by = actor
    visit.save(update_fields=OUTCOME_FIELDS)
    attempt.save()
    _start_ticket_visit(visit, actor)
    if visit.status == ReturnVisitStatus.DONE:
        _settle_ticket(visit, actor, outcome)
        if outcome.needs_follow_up:
            findings.open_finding(actor=actor, visit=visit, now=now)
    elif visit.status == ReturnVisitStatus.UNREACHABLE:
        _close_unreachable_ticket(visit, actor)
    if visit.follow_up_of_id is not None and not visit.is_open:
        findings.finish_revisit(actor=actor, visit=visit, now=now)
    return visit


@transaction.atomic
def schedule_return_visit(*, actor, visit: ReturnVisit, call_at: dt.datetime, agreed: bool = False,
                          note: str = "") -> ReturnVisit:
    """Plan the next call. A time agreed with the customer on the phone is kept even in the quiet hours (and
    the call that agreed it is recorded); any other time is moved out of them."""
    if call_at < timezone.now() - dt.timedelta(minutes=5):
        raise ValidationError({"call_at": [_("Choose a time in the future.")]})
    visit = common.claim(visit)
    now = timezone.now()
    quiet = common.quiet_windows(timezone.localdate(now))
    visit.scheduled_at = rules.planned_call_at(call_at, agreed=agreed, windows=quiet, tz=common.business_tz())
    visit.agreed_time, visit.updated_by = agreed, actor
    fields = ["scheduled_at", "agreed_time", "updated_by", "updated_at"]
    if agreed:
        workflow.transition(visit, ReturnVisitStatus.REACHED)
        visit.attempt_count += 1
        fields += ["status", "attempt_count"]
        text = note.strip() or _("The customer asked to be called at the agreed time.")
        ReturnVisitAttempt.objects.create(visit=visit, at=now, by=actor, reached=True, note=text[:500],
                                          next_call_at=visit.scheduled_at)
    visit.save(update_fields=fields)
    if agreed:
        _start_ticket_visit(visit, actor)
    return visit


@transaction.atomic
def assign_return_visit(*, actor, visit: ReturnVisit, assignee) -> ReturnVisit:
    """Give the visit to an agent (taking it: the actor themself)."""
    if assignee is None or not assignee.is_active:
        raise ValidationError({"assignee": [_("Choose an active employee.")]})
    visit = common.claim(visit)
    visit.assignee, visit.team, visit.updated_by = assignee, common.team_of(assignee), actor
    visit.save(update_fields=["assignee", "team", "updated_by", "updated_at"])
    if assignee != actor:
        notify([assignee], title=_("A return visit to %(name)s is yours") % {"name": visit.contact_name},
               url=visit_url(visit))
    return visit


@transaction.atomic
def cancel_return_visit(*, actor, visit: ReturnVisit, reason: str) -> ReturnVisit:
    """Call a visit off (the customer asked not to be called, a duplicate…), with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the visit is cancelled.")]})
    visit = common.claim(visit)
    workflow.transition(visit, ReturnVisitStatus.CANCELLED)
    visit.cancel_reason, visit.completed_at, visit.completed_by = reason.strip()[:300], timezone.now(), actor
    visit.updated_by = actor
    visit.save(update_fields=["status", "cancel_reason", "completed_at", "completed_by", "updated_by", "updated_at"])
    if visit.follow_up_of_id is not None:
        findings.finish_revisit(actor=actor, visit=visit, now=visit.completed_at)
    return visit


def visit_url(visit: ReturnVisit) -> str:
    return reverse("service:visit", args=[visit.pk])
