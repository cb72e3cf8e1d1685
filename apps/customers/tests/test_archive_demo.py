"""The demo customer archive: size, spread over kinds and regions, flagged duplicates and partner archives."""

import pytest
from django.contrib.auth import get_user_model

from apps.customers import selectors
from apps.customers.demo_archive import seed_customers
from core.testing import personas as p
from core.testing.helpers import user

pytestmark = pytest.mark.django_db

PARTNERS = [(p.PARTNER_A_USER, "北京艾礼富科技有限公司"), (p.PARTNER_B_USER, "广州恒信印务器材有限公司")]


def test_the_demo_archive_spreads_over_kinds_regions_reps_and_partners():
    # given the demo organisation's people (the crowd of demoNNN reps is not in tests)
    users = get_user_model().objects.select_related("employee").filter(employee__isnull=False)

    # when the demo archive is seeded (one test: it takes a few seconds)
    demo = seed_customers({"people": {u.username: u.employee for u in users}})

    # then there are about 300 customers of every kind, region and grade
    assert 280 <= len(demo) <= 330
    assert {c.kind for c in demo} == {"individual", "company", "partner", "integrator", "contractor", "industry"}
    assert {c.region.code for c in demo if c.region} == {"beijing", "shanghai", "guangzhou", "shenzhen"}
    assert {c.grade for c in demo} >= {"A", "B", "C", "D"}
    assert any(c.is_member for c in demo) and any(c.is_key_account for c in demo)
    assert len([c for c in demo if c.duplicate_of_id]) == 6
    # and the demo reps and managers each see customers of their own
    for rep in [p.NORTH_REP, p.SOUTH_REP, p.REGIONAL_MANAGER, p.BRANCH_GM]:
        assert selectors.list_customers_for(user(rep)).exists(), rep
    # and each partner sees its own company archive and only its records
    for username, company in PARTNERS:
        visible = selectors.list_customers_for(user(username)).select_related("partner_unit")
        assert company in {c.name for c in visible}
        assert {c.partner_unit.name for c in visible} == {company}
