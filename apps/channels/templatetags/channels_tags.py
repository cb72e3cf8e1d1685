"""Badge colours of channel statuses (the house colours: grey new, blue in progress, amber waiting, red
rejected or ended, green done)."""

from django import template

from ..choices import EvidenceKind, PartnerStage

register = template.Library()

STAGE_COLOURS = {"applicant": "secondary", "trial_distributor": "azure", "distributor": "blue", "agent": "green",
                 "integrator": "purple", "contractor": "purple", "suspended": "yellow", "terminated": "red"}
APPLICATION_COLOURS = {"pending_manager": "yellow", "pending_director": "yellow", "approved": "green",
                       "rejected": "red"}
SCORECARD_COLOURS = {"open": "secondary", "completed": "green"}


@register.filter
def stage_colour(stage) -> str:
    return STAGE_COLOURS.get(str(stage), "secondary")


@register.filter
def application_colour(status) -> str:
    return APPLICATION_COLOURS.get(str(status), "secondary")


@register.filter
def scorecard_colour(status) -> str:
    return SCORECARD_COLOURS.get(str(status), "secondary")


@register.filter
def stage_label(code) -> str:
    return PartnerStage(code).label if code in PartnerStage.values else (code or "")


@register.filter
def evidence_label(kind) -> str:
    return EvidenceKind(kind).label if kind in EvidenceKind.values else (kind or "")


@register.filter
def quarter(day) -> str:
    """2026-07-01 → 2026 Q3"""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}" if day else ""
