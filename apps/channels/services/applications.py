"""Writers of partner applications (准入): submit with evidence, then a two-step approval that admits or promotes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access, selectors, workflow
from ..choices import LADDER, ApplicationStatus, ApprovalStepKind, Decision, EvidenceKind, PartnerStage, PartnerStatus
from ..models import ApprovalStep, Partner, PartnerApplication
from ..rules import CHECK_LABELS
from ..workflow import StateConflict
from . import notices
from .files import attach_file
from .partners import add_territory, admit_partner, create_applicant, locked, place_of, raise_partner

CRITERIA_FIELDS = {"registered_capital", "years_in_trade", "annual_sales_capacity", "cash_flow", "has_breach_record",
                   "has_arrears_record", "team_details", "capability", "product_lines", "downstream_customers",
                   "credit_notes", "territory_codes"}


def _check_request(customer, tier: str, partner: Partner | None) -> None:
    if selectors.open_application_of(customer) is not None:
        raise ValidationError({"customer": _("This customer already has an application waiting for approval.")})
    if partner is None or partner.status == PartnerStatus.APPLICANT:
        return
    if partner.status != PartnerStatus.ACTIVE:
        raise ValidationError({"customer": _("A %(stage)s partner cannot apply.")
                               % {"stage": PartnerStage(partner.stage).label}})
    if partner.tier not in LADDER or tier not in LADDER or LADDER.index(tier) <= LADDER.index(partner.tier):
        raise ValidationError({"tier": _("Apply for a tier above the partner's current one.")})


@transaction.atomic
def submit_application(*, actor, customer, tier: str, documents=(), **criteria) -> PartnerApplication:
    """File an application for `customer` to become (or move up to) `tier`; the market-development manager is told."""
    unknown = set(criteria) - CRITERIA_FIELDS
    if unknown:
        raise ValidationError({f: _("This field cannot be set.") for f in unknown})
    partner = Partner.objects.filter(customer=customer).first()
    _check_request(customer, tier, partner)
    criteria["territory_codes"] = [code for code in criteria.get("territory_codes") or [] if code]
    for code in criteria["territory_codes"]:
        place_of(code)
    if partner is None:
        partner = create_applicant(actor=actor, customer=customer, tier=tier)
    application = PartnerApplication(customer=customer, partner=partner, tier=tier, created_by=actor,
                                     updated_by=actor, **criteria)
    application.full_clean(exclude=["customer", "partner"])
    application.save()
    for kind, upload in documents:
        attach_evidence(actor=actor, application=application, kind=kind, upload=upload)
    notices.tell_role("department_manager",
                      title=_("Partner application to approve: %(name)s") % {"name": customer.name},
                      body=application.get_tier_display(), url=notices.application_url(application))
    return application


def attach_evidence(*, actor, application: PartnerApplication, kind: str, upload):
    """Attach a document (licence, credit documents, plan…) to an application that is still open."""
    if not PartnerApplication.objects.filter(pk=application.pk, status__in=list(access.STEP_OF_STATUS)).exists():
        raise StateConflict(_("A decided application cannot change."), code="application_decided")
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    return attach_file(actor=actor, record=application, upload=upload, kind=kind)


def _current_step(actor, application: PartnerApplication) -> str:
    """The step the actor decides now, or why not: 409 for the state, 403 for a role outside the chain."""
    step = access.STEP_OF_STATUS.get(application.status)
    if step is None:
        raise StateConflict(_("This application has already been decided."), code="application_decided")
    if not access.can_decide_now(actor, application):
        if access.holds_approval_right(actor):
            raise StateConflict(_("The application is waiting for: %(step)s.") % {"step": step.label},
                                code="not_your_step")
        raise PermissionDenied
    if step == ApprovalStepKind.DIRECTOR and application.steps.filter(actor=actor).exists():
        raise StateConflict(_("The final approval needs a second person."), code="same_approver")
    return step


def _locked_application(application: PartnerApplication) -> PartnerApplication:
    return (PartnerApplication.objects.select_for_update(of=("self",))
            .select_related("customer", "partner", "created_by")
            .get(pk=application.pk))


@transaction.atomic
def approve_application(*, actor, application: PartnerApplication, comment: str = "",
                        checks: dict | None = None) -> PartnerApplication:
    """Approve the current step; the checklist must pass. The final step admits or promotes the partner."""
    application = _locked_application(application)
    step = _current_step(actor, application)
    if checks:
        application.reviewer_checks = {**application.reviewer_checks,
                                       **{k: bool(v) for k, v in checks.items() if k in CHECK_LABELS}}
    evaluation = selectors.evaluation_for(application)
    if not evaluation.passed:
        failed = ", ".join(str(c.label) for c in evaluation.failed)
        raise StateConflict(_("The checklist is not met: %(failed)s.") % {"failed": failed},
                            code="criteria_not_met")
    ApprovalStep.objects.create(application=application, kind=step, decision=Decision.APPROVED, actor=actor,
                                comment=comment.strip(), evaluation=evaluation.as_dict())
    if step == ApprovalStepKind.MANAGER:
        workflow.move_application(application, ApplicationStatus.PENDING_DIRECTOR)
        _save(application, actor, "reviewer_checks")
        notices.tell_role("marketing_director",
                          title=_("Partner application to approve: %(name)s") % {"name": application.customer.name},
                          body=application.get_tier_display(), url=notices.application_url(application))
        return application
    workflow.move_application(application, ApplicationStatus.APPROVED)
    application.decided_at = timezone.now()
    _save(application, actor, "reviewer_checks", "decided_at")
    apply_application(actor=actor, application=application)
    notices.tell_users([application.created_by, application.customer.owner],
                       title=_("Partner application approved: %(name)s") % {"name": application.customer.name},
                       url=notices.partner_url(application.partner), level="success")
    return application


@transaction.atomic
def reject_application(*, actor, application: PartnerApplication, reason: str) -> PartnerApplication:
    """Reject the application at the current step, with the reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    application = _locked_application(application)
    step = _current_step(actor, application)
    ApprovalStep.objects.create(application=application, kind=step, decision=Decision.REJECTED, actor=actor,
                                comment=reason.strip(), evaluation=selectors.evaluation_for(application).as_dict())
    workflow.move_application(application, ApplicationStatus.REJECTED)
    application.rejection_reason = reason.strip()[:300]
    application.decided_at = timezone.now()
    _save(application, actor, "rejection_reason", "decided_at")
    notices.tell_users([application.created_by],
                       title=_("Partner application rejected: %(name)s") % {"name": application.customer.name},
                       body=application.rejection_reason, url=notices.application_url(application), level="warning")
    return application


def _save(application: PartnerApplication, actor, *fields) -> None:
    application.updated_by = actor
    application.save(update_fields=["status", "updated_by", "updated_at", *fields])


def apply_application(*, actor, application: PartnerApplication) -> bool:
    """Let an approved application take effect: admit the applicant or promote the partner, if its stage allows."""
    partner = locked(application.partner)
    reason = _("Application approved")
    if partner.status == PartnerStatus.APPLICANT:
        admit_partner(actor=actor, partner=partner, tier=application.tier, application=application, reason=reason)
        for code in application.territory_codes:
            province_code, city_code = place_of(code)
            if not partner.territories.filter(province_code=province_code, city_code=city_code).exists():
                add_territory(actor=actor, partner=partner, province_code=province_code, city_code=city_code)
    elif partner.status == PartnerStatus.ACTIVE and workflow.can_enter(partner, application.tier):
        raise_partner(actor=actor, partner=partner, tier=application.tier, application=application, reason=reason)
    else:
        return False
    application.partner = partner
    application.applied_at = timezone.now()
    application.save(update_fields=["applied_at"])
    return True


@transaction.atomic
def promote_partner(*, actor, partner: Partner, tier: str = "") -> Partner:
    """Promote a partner to `tier` (default: the next on the ladder); needs an approved application for it."""
    if not tier:
        tier = LADDER[LADDER.index(partner.tier) + 1] if partner.tier in LADDER[:-1] else ""
    approved = (partner.applications.filter(status=ApplicationStatus.APPROVED, tier=tier, applied_at__isnull=True)
                .order_by("-decided_at").first())
    if approved is None:
        raise StateConflict(_("A promotion needs an approved application for that tier."),
                            code="no_approved_application")
    if not apply_application(actor=actor, application=approved):
        raise StateConflict(_("The partner's current stage does not allow this promotion."),
                            code="invalid_transition")
    return locked(partner)
