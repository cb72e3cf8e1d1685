"""Channel test data made through the services, so tests exercise the same rules as the product."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.customers.tests.factories import make_customer
from apps.org import selectors as org_selectors
from apps.org import services as org_services
from core.testing import personas as p
from core.testing.helpers import user

from .. import services
from ..choices import PartnerStage, PartnerTier

# Figures that meet the seeded thresholds of every tier (agent: 500,000 / 3 years / 2,000,000 / 300,000).
PASSING = {"registered_capital": Decimal("500000"), "years_in_trade": 3, "annual_sales_capacity": Decimal("2000000"),
           "cash_flow": Decimal("300000"), "team_details": "销售 6 人,技术 2 人", "capability": "集成团队 8 人",
           "product_lines": "印前、印刷", "downstream_customers": "印刷厂 30 家", "credit_notes": "资信良好"}
DOCUMENTS = {"trial_distributor": ["credit_documents"], "distributor": ["credit_documents"],
             "agent": ["credit_documents", "team_details", "sales_plan", "feasibility_report"],
             "integrator": ["credit_documents"], "contractor": ["credit_documents"]}


def upload(name: str = "licence.pdf", content: bytes = b"%PDF-1.4 demo") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def documents_for(tier: str) -> list:
    return [(kind, upload(f"{kind}.pdf")) for kind in DOCUMENTS[tier]]


def make_partner_customer(owner: str = p.NORTH_REP, **fields):
    """A company in Beijing (unless placed elsewhere) owned by the persona `owner`."""
    fields.setdefault("province_code", "110000")
    fields.setdefault("city_code", "110100")
    return make_customer(owner, **fields)


def make_application(*, tier: str = PartnerTier.TRIAL_DISTRIBUTOR, by: str = p.NORTH_REP, customer=None,
                     documents=None, **criteria):
    """A submitted application that passes its checklist unless told otherwise."""
    customer = customer or make_partner_customer(by)
    return services.submit_application(actor=user(by), customer=customer, tier=tier,
                                       documents=documents_for(tier) if documents is None else documents,
                                       **{**PASSING, **criteria})


def approve_both(application, **kwargs):
    services.approve_application(actor=user(p.DEPARTMENT_MANAGER), application=application, **kwargs)
    return services.approve_application(actor=user(p.DIRECTOR), application=application)


def make_partner(stage: str = PartnerStage.DISTRIBUTOR, *, owner: str = p.NORTH_REP, customer=None,
                 on: datetime.date | None = None, territories=("110000",)):
    """A partner at `stage`, admitted directly (as a partner from before the system)."""
    customer = customer or make_partner_customer(owner)
    actor = user(p.DEPARTMENT_MANAGER)
    tier = stage if stage in PartnerTier.values else PartnerTier.DISTRIBUTOR
    partner = services.create_applicant(actor=user(owner), customer=customer, tier=tier)
    if stage == PartnerStage.APPLICANT:
        return partner
    partner = services.admit_partner(actor=actor, partner=partner, tier=tier, on=on or timezone.localdate())
    for code in territories:
        province = code[:2] + "0000"
        services.add_territory(actor=actor, partner=partner, province_code=province,
                               city_code="" if code == province else code)
    if stage == PartnerStage.SUSPENDED:
        partner = services.suspend_partner(actor=actor, partner=partner, reason="货款逾期")
    if stage == PartnerStage.TERMINATED:
        partner = services.terminate_partner(actor=actor, partner=partner, reason="违约")
    return partner


def org_unit(code: str):
    return org_selectors.list_org_units_for(user(p.ADMIN)).get(code=code)


def make_office(region_code: str = "beijing"):
    region = org_selectors.list_regions().get(code=region_code)
    return org_services.create_org_unit(actor=None, code=f"office-{region_code}", name=f"{region.name}办事处",
                                        kind="office", region=region)
