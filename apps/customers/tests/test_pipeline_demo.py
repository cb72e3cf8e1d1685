"""The demo sales process: a month of history in every kind, stage and status, the same on every run."""

import pytest
from django.db.models import Count

from apps.customers.demo_pipeline import seed_pipeline
from apps.customers.models import Activity, Customer, Lead, Opportunity, VisitPlan
from core.testing.helpers import user

from .pipeline_factories import north_customer, south_customer

pytestmark = pytest.mark.django_db
PEOPLE = ["sales_rep", "south_rep", "sales_admin", "foreign_trade_rep", "regional_manager"]


def _seed():
    customers = [north_customer() for _ in range(8)] + [south_customer() for _ in range(8)]
    seed_pipeline({"customers": customers, "people": {u: user(u).employee for u in PEOPLE}})
    return customers


def _counts(model, field):
    return dict(model.objects.values_list(field).annotate(n=Count("id")))


def test_demo_has_every_activity_kind_stage_and_lead_status_with_history():
    customers = _seed()
    assert set(_counts(Activity, "kind")) == {"visit", "call", "meeting", "email", "note"}
    stages = _counts(Opportunity, "stage")
    assert set(stages) == {"approach", "learn", "present", "close", "won", "lost"} and sum(stages.values()) >= 56
    assert not Opportunity.objects.filter(stage="lost", lost_reason="").exists()
    assert Opportunity.history.values("id").distinct().count() == Opportunity.objects.count()
    assert Opportunity.history.count() > 2 * Opportunity.objects.count()
    assert set(_counts(Lead, "status")) == {"new", "contacted", "converted", "disqualified"}
    assert Lead.objects.count() == 20
    assert VisitPlan.objects.exists()
    touched = Customer.objects.filter(pk__in=[c.pk for c in customers], last_activity_at__isnull=False)
    assert touched.count() >= len(customers) // 2
    won_customers = Opportunity.objects.filter(stage="won").values("customer")
    assert not Customer.objects.filter(pk__in=won_customers, last_deal_at__isnull=True).exists()


def test_demo_without_customers_creates_nothing():
    seed_pipeline({"customers": [], "people": {}})
    assert not Activity.objects.exists() and not Opportunity.objects.exists() and not Lead.objects.exists()


def test_demo_is_deterministic():
    _seed()
    first = list(Opportunity.objects.order_by("id").values_list("stage", "amount"))
    Lead.objects.all().delete()
    VisitPlan.objects.all().delete()
    Activity.objects.all().delete()
    Opportunity.objects.all().delete()
    _seed()
    assert list(Opportunity.objects.order_by("id").values_list("stage", "amount")) == first
