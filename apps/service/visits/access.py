"""Who sees which return visits and follow-up steps, and may do what with them.

A ticket's visit follows the ticket's scope (`tickets_visible_to`): an agent outside the ticket's team gets 404.
Besides, a user sees the visits assigned to them or planned for their unit's subtree (the return-visit room), and
those who see every ticket see every visit. Follow-up steps are seen by their assignee, by the department they
are for (its subtree), and by whoever sees the visit that started them.
"""

from django.db.models import Q, QuerySet

from ..access import can_see_all_tickets, tickets_visible_to, unit_path
from ..models import FindingStep, ReturnVisit
from .choices import OPEN_VISIT_STATUSES, FindingStepKind, FindingStepStatus

# The role whose holders make the calls (the return-visit room, 回访调查组): visits are spread over them.
VISIT_ROLE = "return_visit_agent"
VIEW = "service.view_returnvisit"
RECORD = "service.change_returnvisit"
ASSIGN = "service.assign_returnvisit"
VIEW_STEPS = "service.view_findingstep"
WORK_STEPS = "service.change_findingstep"


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def return_visits_visible_to(user) -> QuerySet[ReturnVisit]:
    """The visits the user may see (everything for those who see every ticket)."""
    if not _active(user):
        return ReturnVisit.objects.none()
    if can_see_all_tickets(user):
        return ReturnVisit.objects.all()
    mine = Q(assignee_id=user.pk) | Q(ticket__in=tickets_visible_to(user).values("pk"))
    path = unit_path(user)
    if path:
        mine |= Q(team__path__startswith=path)
    return ReturnVisit.objects.filter(mine)


def finding_steps_visible_to(user) -> QuerySet[FindingStep]:
    """The follow-up steps the user may see."""
    if not _active(user):
        return FindingStep.objects.none()
    if can_see_all_tickets(user):
        return FindingStep.objects.all()
    mine = Q(assignee_id=user.pk) | Q(finding__visit__in=return_visits_visible_to(user).values("pk"))
    path = unit_path(user)
    if path:
        mine |= Q(department__path__startswith=path)
    return FindingStep.objects.filter(mine)


def can_view_visits(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW)


def can_record_visits(user) -> bool:
    return user.is_authenticated and user.has_perm(RECORD)


def can_assign_visits(user) -> bool:
    return user.is_authenticated and user.has_perm(ASSIGN)


def can_record(user, visit: ReturnVisit) -> bool:
    """Call and record a visit the user sees: their own or an unassigned one, or any when they assign visits."""
    return (can_record_visits(user) and visit.status in OPEN_VISIT_STATUSES
            and (visit.assignee_id in (None, user.pk) or can_assign_visits(user)))


def can_take(user, visit: ReturnVisit) -> bool:
    return can_record_visits(user) and visit.is_open and visit.assignee_id is None


def can_cancel(user, visit: ReturnVisit) -> bool:
    """Call off an open visit: one's own, or any for those who assign visits."""
    return visit.is_open and (can_assign_visits(user) or (can_record_visits(user) and visit.assignee_id == user.pk))


def can_assign(user, visit: ReturnVisit) -> bool:
    return visit.is_open and can_assign_visits(user)


def can_view_steps(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_STEPS)


def can_work_step(user, step: FindingStep) -> bool:
    """Complete an open step: its assignee, someone of its department, or a manager who sees every ticket. The
    revisit step is completed by its return visit, not by hand."""
    if not (user.is_authenticated and user.has_perm(WORK_STEPS)) or step.status != FindingStepStatus.OPEN:
        return False
    if step.kind == FindingStepKind.REVISIT:
        return False
    if step.assignee_id == user.pk or can_see_all_tickets(user):
        return True
    path = unit_path(user)
    return bool(path) and step.department is not None and step.department.path.startswith(path)
