"""Who sees which QA evaluations and quality reports, and who may do what with them; every read starts here.

An agent sees their own evaluations and nobody else's (whatever their ticket scope); supervisors and group leaders
see their team's through their data scope (team, or the department's subtree); evaluators and managers see all.
Another's evaluation is absent, so its id answers 404.
"""

from django.db.models import Q, QuerySet

from core.scopes import restrict

from ..access import can_view_tickets
from ..models import EvaluationTemplate, QAEvaluation, QualityReport

VIEW_ALL = "service.view_all_qaevaluations"
VIEW_TEAM = "service.view_team_qaevaluations"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def evaluations_visible_to(user) -> QuerySet[QAEvaluation]:
    """All for evaluators and managers; the team's (by data scope) plus their own for supervisors; else own."""
    if not _active(user) or not user.has_perm("service.view_qaevaluation"):
        return QAEvaluation.objects.none()
    if user.is_superuser or user.has_perm(VIEW_ALL):
        return QAEvaluation.objects.all()
    if user.has_perm(VIEW_TEAM):
        return restrict(QAEvaluation.objects.all(), user) | QAEvaluation.objects.filter(agent_id=user.pk)
    return QAEvaluation.objects.filter(Q(agent_id=user.pk))


def can_view_evaluations(user) -> bool:
    return _active(user) and user.has_perm("service.view_qaevaluation")


def can_see_all_evaluations(user) -> bool:
    return _active(user) and (user.is_superuser or user.has_perm(VIEW_ALL))


def can_see_team_evaluations(user) -> bool:
    return can_see_all_evaluations(user) or (_active(user) and user.has_perm(VIEW_TEAM))


def can_sample(user) -> bool:
    """Draw the month's sample of resolved tickets (the evaluation group)."""
    return _active(user) and user.has_perm("service.add_qaevaluation")


def can_score(user, evaluation: QAEvaluation | None = None) -> bool:
    """Score (or correct the score of) an evaluation; nobody scores their own ticket."""
    allowed = _active(user) and user.has_perm("service.change_qaevaluation")
    return allowed and (evaluation is None or evaluation.agent_id != user.pk)


def templates_visible_to(user) -> QuerySet[EvaluationTemplate]:
    if not _active(user) or not user.has_perm("service.view_evaluationtemplate"):
        return EvaluationTemplate.objects.none()
    return EvaluationTemplate.objects.all()


def can_edit_templates(user) -> bool:
    return _active(user) and user.has_perm("service.change_evaluationtemplate")


def reports_visible_to(user) -> QuerySet[QualityReport]:
    """The monthly reports are company-wide: all of them for those who may read them, none for anyone else."""
    if not can_view_reports(user):
        return QualityReport.objects.none()
    return QualityReport.objects.all()


def can_view_reports(user) -> bool:
    return _active(user) and user.has_perm("service.view_qualityreport")


def can_regenerate_reports(user) -> bool:
    return _active(user) and user.has_perm("service.regenerate_qualityreport")


def can_view_dashboard(user) -> bool:
    """The service dashboard; its numbers come from the user's ticket scope."""
    return can_view_tickets(user) and user.has_perm("service.view_service_dashboard")
