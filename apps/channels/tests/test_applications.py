"""Admission and promotion: submit with evidence, evaluate, two-step approval (403 / 409), admission effects."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.channels import selectors, services
from apps.channels.choices import ApplicationStatus, PartnerStage
from apps.channels.workflow import StateConflict
from core.models import Notification
from core.testing import personas as p
from core.testing.helpers import user

from .factories import approve_both, make_application, make_partner, make_partner_customer, upload

pytestmark = pytest.mark.django_db


def test_submitting_opens_an_applicant_partner_and_tells_the_market_development_manager():
    application = make_application()
    assert application.status == ApplicationStatus.PENDING_MANAGER
    assert application.partner.stage == PartnerStage.APPLICANT
    assert application.customer.kind == "partner"
    note = Notification.objects.get(recipient=user(p.DEPARTMENT_MANAGER))
    assert application.customer.name in note.title and note.url == f"/channels/applications/{application.pk}/"


def test_the_evaluation_reads_the_attached_documents():
    application = make_application(tier="agent", documents=[])
    evaluation = selectors.evaluation_for(application)
    assert {c.code for c in evaluation.failed} == {"document:credit_documents", "document:sales_plan",
                                                  "document:feasibility_report"}  # team details were written


def test_a_customer_cannot_have_two_open_applications():
    application = make_application()
    with pytest.raises(ValidationError) as exc:
        make_application(customer=application.customer)
    assert "customer" in exc.value.message_dict


def test_a_partner_can_only_apply_upwards():
    partner = make_partner(PartnerStage.DISTRIBUTOR)
    with pytest.raises(ValidationError) as exc:
        make_application(customer=partner.customer, tier="trial_distributor")
    assert "tier" in exc.value.message_dict


def test_the_manager_approves_first_then_the_director_is_told():
    application = make_application()
    services.approve_application(actor=user(p.DEPARTMENT_MANAGER), application=application, comment="资料齐全")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING_DIRECTOR
    step = application.steps.get()
    assert (step.kind, step.decision, step.actor.username, step.comment) == ("manager", "approved",
                                                                             p.DEPARTMENT_MANAGER, "资料齐全")
    assert step.evaluation["passed"] is True
    assert Notification.objects.filter(recipient=user(p.DIRECTOR), url__endswith=f"/{application.pk}/").exists()


def test_final_approval_admits_a_trial_distributor_with_its_term_territory_and_company_unit():
    application = make_application(territory_codes=["110000", "440300"])
    approve_both(application)
    partner = selectors.get_partner_for(user(p.ADMIN), application.partner_id)
    today = timezone.localdate()
    assert partner.stage == PartnerStage.TRIAL_DISTRIBUTOR
    assert partner.trial_ends_on == today + timezone.timedelta(days=179)
    assert partner.admitted_on == today
    assert {(t.province, t.city) for t in partner.territories.all()} == {("北京市", ""), ("广东省", "深圳市")}
    assert partner.unit.kind == "partner" and partner.customer.partner_unit == partner.unit
    event = partner.events.first()
    assert (event.from_stage, event.to_stage, event.application_id) == ("applicant", "trial_distributor",
                                                                        application.pk)
    application.refresh_from_db()
    assert application.applied_at is not None


def test_approval_of_another_tier_admits_at_that_tier():
    application = make_application(tier="agent")
    approve_both(application)
    application.partner.refresh_from_db()
    assert application.partner.stage == PartnerStage.AGENT and application.partner.trial_ends_on is None


def test_approval_of_a_promotion_promotes_the_partner_and_ends_its_trial():
    partner = make_partner(PartnerStage.TRIAL_DISTRIBUTOR)
    approve_both(make_application(customer=partner.customer, tier="distributor"))
    partner.refresh_from_db()
    assert partner.stage == PartnerStage.DISTRIBUTOR and partner.trial_ends_on is None


@pytest.mark.parametrize("persona", [p.NORTH_REP, p.REGIONAL_MANAGER, p.BRANCH_GM, "sales_admin"])
def test_roles_outside_the_approval_chain_are_refused(persona):
    application = make_application()
    with pytest.raises(PermissionDenied):
        services.approve_application(actor=user(persona), application=application)


def test_the_director_cannot_approve_before_the_manager():
    application = make_application()
    with pytest.raises(StateConflict) as exc:
        services.approve_application(actor=user(p.DIRECTOR), application=application)
    assert exc.value.code == "not_your_step"


def test_the_manager_cannot_approve_twice():
    application = make_application()
    services.approve_application(actor=user(p.DEPARTMENT_MANAGER), application=application)
    with pytest.raises(StateConflict) as exc:
        services.approve_application(actor=user(p.DEPARTMENT_MANAGER), application=application)
    assert exc.value.code == "not_your_step"


def test_a_decided_application_cannot_be_decided_again():
    application = approve_both(make_application())
    with pytest.raises(StateConflict) as exc:
        services.reject_application(actor=user(p.DIRECTOR), application=application, reason="晚了")
    assert exc.value.code == "application_decided"


def test_one_person_cannot_give_both_approvals():
    application = make_application()
    services.approve_application(actor=user(p.ADMIN), application=application)
    with pytest.raises(StateConflict) as exc:
        services.approve_application(actor=user(p.ADMIN), application=application)
    assert exc.value.code == "same_approver"


def test_an_application_failing_its_checklist_cannot_be_approved():
    application = make_application(tier="agent", registered_capital=Decimal("499999.99"))
    with pytest.raises(StateConflict) as exc:
        services.approve_application(actor=user(p.DEPARTMENT_MANAGER), application=application)
    assert exc.value.code == "criteria_not_met" and _("Registered capital") in exc.value.messages[0]
    assert application.steps.count() == 0


def test_reviewer_checks_given_with_the_approval_count_for_an_integrator():
    application = make_application(tier="integrator")
    with pytest.raises(StateConflict):
        services.approve_application(actor=user(p.DEPARTMENT_MANAGER), application=application)
    checks = {"capability": True, "product_lines": True, "downstream_customers": True, "credit": True}
    approve_both(application, checks=checks)
    application.refresh_from_db()
    assert application.reviewer_checks == checks
    assert application.partner.stage == PartnerStage.INTEGRATOR and application.customer.kind == "integrator"


def test_rejection_needs_a_reason_and_records_it():
    application = make_application()
    with pytest.raises(ValidationError):
        services.reject_application(actor=user(p.DEPARTMENT_MANAGER), application=application, reason=" ")
    services.reject_application(actor=user(p.DEPARTMENT_MANAGER), application=application, reason="资本不足")
    application.refresh_from_db()
    assert (application.status, application.rejection_reason) == (ApplicationStatus.REJECTED, "资本不足")
    assert application.steps.get().decision == "rejected"
    assert application.partner.stage == PartnerStage.APPLICANT
    title = _("Partner application rejected: %(name)s") % {"name": application.customer.name}
    assert Notification.objects.filter(recipient=user(p.NORTH_REP), title=title).exists()


def test_promote_needs_an_approved_application_for_the_tier():
    partner = make_partner(PartnerStage.TRIAL_DISTRIBUTOR)
    with pytest.raises(StateConflict) as exc:
        services.promote_partner(actor=user(p.DEPARTMENT_MANAGER), partner=partner)
    assert exc.value.code == "no_approved_application"


def test_an_approval_for_a_suspended_partner_waits_and_promote_applies_it_after_resuming():
    partner = make_partner(PartnerStage.DISTRIBUTOR)
    application = make_application(customer=partner.customer, tier="agent")
    services.suspend_partner(actor=user(p.DEPARTMENT_MANAGER), partner=partner, reason="核查中")
    approve_both(application)
    application.refresh_from_db()
    assert application.status == "approved" and application.applied_at is None
    services.resume_partner(actor=user(p.DEPARTMENT_MANAGER), partner=partner)
    partner = services.promote_partner(actor=user(p.DEPARTMENT_MANAGER), partner=partner)
    assert partner.stage == PartnerStage.AGENT
    application.refresh_from_db()
    assert application.applied_at is not None


def test_evidence_can_be_added_while_the_application_is_open_only():
    application = make_application(tier="agent", documents=[])
    services.attach_evidence(actor=user(p.NORTH_REP), application=application, kind="sales_plan",
                             upload=upload("plan.pdf"))
    assert "document:sales_plan" not in {c.code for c in selectors.evaluation_for(application).failed}
    services.reject_application(actor=user(p.DEPARTMENT_MANAGER), application=application, reason="不全")
    with pytest.raises(StateConflict):
        services.attach_evidence(actor=user(p.NORTH_REP), application=application, kind="other", upload=upload())


def test_territory_codes_must_be_provinces_or_cities():
    with pytest.raises(ValidationError) as exc:
        make_application(customer=make_partner_customer(), territory_codes=["110105"])
    assert "territory_codes" in exc.value.message_dict
