"""Pieces the return-visit services share: the calendar, the quiet hours, who gets a visit, claiming a row."""

import datetime as dt

from django.db.models import Count, F
from django.utils import timezone

from apps.org import selectors as org_selectors
from core.calendars import get_calendar
from core.rules import value as rule_value
from core.workcal import WorkingCalendar

from ...models import FindingStep, ReturnVisit
from ...visits import rules
from ...visits.access import VISIT_ROLE
from ...visits.choices import OPEN_VISIT_STATUSES, FindingStepStatus
from ...visits.workflow import StepClosed, VisitClosed


def calendar() -> WorkingCalendar:
    """The default working calendar: deadlines of visits and follow-up steps count on it."""
    return get_calendar()


def business_tz():
    return timezone.get_default_timezone()


def quiet_windows(on: dt.date | None = None) -> list[rules.Window]:
    return rules.parse_quiet_hours(rule_value("service.visit_quiet_hours", on))


def number(parameter: str, at: dt.datetime):
    """A rule number in force on the local date of `at`."""
    return rule_value(parameter, timezone.localdate(at))


def working_days_later(start: dt.datetime, parameter: str) -> dt.datetime:
    """`start` plus the parameter's number of working days on the default calendar."""
    return calendar().add_working_days(start, int(number(parameter, start)))


def first_call_at(now: dt.datetime) -> dt.datetime:
    return rules.first_call_at(now, calendar(), quiet_windows(timezone.localdate(now)), business_tz())


def visit_agents() -> list:
    """Active holders of the return-visit role, by id."""
    return list(org_selectors.users_with_role(VISIT_ROLE).order_by("pk"))


def open_loads(agents: list) -> dict[int, int]:
    """How many open visits each agent holds, by user id."""
    return dict(ReturnVisit.objects.filter(assignee__in=agents, status__in=OPEN_VISIT_STATUSES).order_by()
                .values_list("assignee").annotate(n=Count("id")))


def least_loaded(agents: list, loads: dict[int, int] | None = None):
    """The agent with the fewest open visits (pass `loads` to count a batch being handed out), or None."""
    if not agents:
        return None
    loads = open_loads(agents) if loads is None else loads
    return min(agents, key=lambda agent: (loads.get(agent.pk, 0), agent.pk))


def team_of(user):
    return org_selectors.unit_of(user) if user is not None else None


def claim(visit: ReturnVisit) -> ReturnVisit:
    """Take the visit for this write: a conditional UPDATE on its version, so of two simultaneous writers (two
    agents, or the customer's link answered twice) only the first goes on; the other gets VisitClosed."""
    claimed = ReturnVisit.objects.filter(pk=visit.pk, version=visit.version, status__in=OPEN_VISIT_STATUSES).update(
        version=F("version") + 1)
    fresh = ReturnVisit.objects.select_related("ticket", "customer", "assignee", "team").get(pk=visit.pk)
    if not claimed:
        raise VisitClosed.of(fresh)
    return fresh


def claim_step(step: FindingStep) -> FindingStep:
    """The same for a follow-up step: only one writer completes it."""
    claimed = FindingStep.objects.filter(pk=step.pk, version=step.version, status=FindingStepStatus.OPEN).update(
        version=F("version") + 1)
    if not claimed:
        raise StepClosed.make()
    return FindingStep.objects.select_related("finding", "finding__visit", "finding__ticket", "department").get(
        pk=step.pk)
