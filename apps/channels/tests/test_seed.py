"""The demo channel data: every lifecycle stage, the demo partner companies linked, territories, applications in
every state and scorecards; fast and repeatable."""

import time

import pytest
from django.utils import timezone

from apps.channels import access, selectors
from apps.channels.seed import seed_demo
from core.models import Notification
from core.testing import personas as p
from core.testing.helpers import user

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    started = time.monotonic()
    context = {}
    seed_demo(context)
    return context, time.monotonic() - started


def test_the_demo_has_partners_at_every_lifecycle_stage(seeded):
    counts = {stage: n for stage, _label, n in selectors.stage_counts_for(user(p.ADMIN))}
    assert all(counts[stage] >= 1 for stage in ["applicant", "trial_distributor", "distributor", "agent",
                                                "integrator", "contractor", "suspended", "terminated"]), counts


def test_the_demo_partner_companies_are_an_agent_in_beijing_and_a_distributor_in_guangzhou(seeded):
    partners = seeded[0]["partners"]
    alf, hx = partners["alf"], partners["hx"]
    alf.refresh_from_db()
    assert (alf.unit.code, alf.stage, alf.customer.city) == ("partner-bj-alf", "agent", "北京市")
    assert (hx.unit.code, hx.stage, hx.customer.city) == ("partner-gz-hx", "distributor", "广州市")
    assert selectors.own_partner_of(user(p.PARTNER_A_USER)) == alf
    assert access.portal_logins_visible_to(user(p.ADMIN)).filter(user__username=p.PARTNER_B_USER,
                                                                 partner=hx).exists()


def test_one_trial_ends_within_the_notice_period_and_its_owner_was_told(seeded):
    tj = seeded[0]["partners"]["tj"]
    tj.refresh_from_db()
    assert 0 <= (tj.trial_ends_on - timezone.localdate()).days <= 7
    assert tj.trial_notice_sent_on == timezone.localdate()
    assert Notification.objects.filter(recipient=user(p.NORTH_REP), title__contains=tj.name).exists()


def test_the_lapsed_trial_was_ended_by_the_trial_job(seeded):
    nn = seeded[0]["partners"]["nn"]
    nn.refresh_from_db()
    assert nn.stage == "terminated" and nn.events.first().actor is None


def test_applications_are_in_every_state_and_offices_supervise_partners(seeded):
    statuses = set(selectors.list_applications_for(user(p.ADMIN)).values_list("status", flat=True))
    assert statuses == {"pending_manager", "pending_director", "approved", "rejected"}
    offices = {p.office.code for p in selectors.list_partners_for(user(p.ADMIN)) if p.office}
    assert offices == {"office-beijing", "office-shanghai", "office-guangzhou", "office-shenzhen"}


def test_territories_cover_every_demo_region_and_scorecards_flag_the_poor(seeded):
    regions = set(access.territories_visible_to(user(p.ADMIN)).values_list("region__code", flat=True))
    assert {"beijing", "shanghai", "guangzhou", "shenzhen"} <= regions
    follow_ups = set(selectors.list_scorecards_for(user(p.ADMIN)).values_list("follow_up", flat=True))
    assert {"training", "elimination", ""} <= follow_ups


def test_the_seed_is_fast(seeded):
    assert seeded[1] < 10
