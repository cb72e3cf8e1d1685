from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnerTier(models.TextChoices):
    """What a partner is authorised as (drives prices and margins later)."""

    TRIAL_DISTRIBUTOR = "trial_distributor", _("Trial distributor")
    DISTRIBUTOR = "distributor", _("Distributor")
    AGENT = "agent", _("Agent")
    INTEGRATOR = "integrator", _("System integrator")
    CONTRACTOR = "contractor", _("Engineering contractor")


class PartnerStatus(models.TextChoices):
    """Whether the authorisation is in force; with the tier it gives the lifecycle stage."""

    APPLICANT = "applicant", _("Applicant")
    ACTIVE = "active", pgettext_lazy("partner status", "Active")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


class PartnerStage(models.TextChoices):
    """Lifecycle stage (domain.md §4): applicant → trial distributor → distributor → agent; suspended; terminated."""

    APPLICANT = "applicant", _("Applicant")
    TRIAL_DISTRIBUTOR = "trial_distributor", _("Trial distributor")
    DISTRIBUTOR = "distributor", _("Distributor")
    AGENT = "agent", _("Agent")
    INTEGRATOR = "integrator", _("System integrator")
    CONTRACTOR = "contractor", _("Engineering contractor")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


TIER_STAGES = {PartnerStage(t.value) for t in PartnerTier}

# The dealer ladder: a promotion climbs it, never skips backwards.
LADDER = [PartnerTier.TRIAL_DISTRIBUTOR, PartnerTier.DISTRIBUTOR, PartnerTier.AGENT]


class PartnerGrade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class ApplicationStatus(models.TextChoices):
    PENDING_MANAGER = "pending_manager", _("Waiting for the market-development manager")
    PENDING_DIRECTOR = "pending_director", _("Waiting for the marketing director")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


OPEN_APPLICATION_STATUSES = [ApplicationStatus.PENDING_MANAGER, ApplicationStatus.PENDING_DIRECTOR]


class ApprovalStepKind(models.TextChoices):
    MANAGER = "manager", _("Market-development manager")
    DIRECTOR = "director", _("Marketing director")


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class EvidenceKind(models.TextChoices):
    """Documents attached to an application (core Attachment.kind)."""

    BUSINESS_LICENCE = "business_licence", _("Business licence / registered capital")
    CREDIT_DOCUMENTS = "credit_documents", _("Credit documents (tax, registration, bank, collateral)")
    TEAM_DETAILS = "team_details", _("Team and management details")
    SALES_PLAN = "sales_plan", _("Sales plan")
    FEASIBILITY_REPORT = "feasibility_report", _("Feasibility report")
    FINANCIAL_STATEMENT = "financial_statement", _("Financial statement (sales, cash flow)")
    OTHER = "other", _("Other")


AUTHORISATION_DOCUMENT = "authorisation"


class ScorecardStatus(models.TextChoices):
    OPEN = "open", _("To be filled")
    COMPLETED = "completed", _("Completed")


class FollowUp(models.TextChoices):
    NONE = "", _("None")
    TRAINING = "training", _("Training")
    ELIMINATION = "elimination", _("Elimination review")


# Org-unit kinds of apps.org used here (its OrgUnitKind codes).
PARTNER_UNIT_KIND = "partner"
OFFICE_UNIT_KIND = "office"
# Customer kinds of apps.customers a partner's archive takes, by tier.
CUSTOMER_KIND_FOR_TIER = {PartnerTier.INTEGRATOR: "integrator", PartnerTier.CONTRACTOR: "contractor"}
PARTNER_CUSTOMER_KIND = "partner"
PARTNER_CUSTOMER_KINDS = {PARTNER_CUSTOMER_KIND, *CUSTOMER_KIND_FOR_TIER.values()}
