"""Customer grades (客户等级) by the dated grade rules: the pure rule, the daily regrade, and changes by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from apps.customers import services
from apps.customers.models import Customer, GradeChange
from apps.customers.rules import grade_for
from apps.customers.tasks import SCHEDULES, regrade_customers
from core import rules
from core.testing import personas as p
from core.testing.helpers import max_queries, user

from .factories import make_customer


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the UI language is Chinese once translated)."""
    with translation.override("en"):
        yield

SEED_RULES = [
    {"grade": "A", "min_annual_purchase": 1000000, "min_payment_score": 80, "min_potential_score": 0},
    {"grade": "B", "min_annual_purchase": 300000, "min_payment_score": 60, "min_potential_score": 0},
    {"grade": "C", "min_annual_purchase": 50000, "min_payment_score": 0, "min_potential_score": 0},
    {"grade": "D", "min_annual_purchase": 0, "min_payment_score": 0, "min_potential_score": 0},
]


@pytest.mark.parametrize(("purchase", "payment", "grade"), [
    ("1000000", 80, "A"), ("1000000.00", 100, "A"), ("999999.99", 80, "B"), ("1000000", 79, "B"),
    ("300000", 60, "B"), ("300000", 59, "C"), ("299999.99", 100, "C"), ("50000", 0, "C"), ("49999.99", 100, "D"),
    ("0", 0, "D"),
])
def test_grade_is_the_first_rule_row_whose_minimums_are_all_met(purchase, payment, grade):
    assert grade_for(Decimal(purchase), payment, 50, SEED_RULES) == grade


def test_the_potential_score_minimum_counts_too():
    table = [{"grade": "A", "min_annual_purchase": 0, "min_payment_score": 0, "min_potential_score": 90},
             {"grade": "D", "min_annual_purchase": 0, "min_payment_score": 0, "min_potential_score": 0}]
    assert grade_for(0, 0, 90, table) == "A"
    assert grade_for(0, 0, 89, table) == "D"


def test_no_matching_row_leaves_the_customer_ungraded():
    assert grade_for(0, 0, 0, SEED_RULES[:1]) == ""


@pytest.mark.django_db
def test_the_shipped_grade_rules_are_the_seed_numbers():
    assert services.grading.grade_rules() == SEED_RULES


@pytest.mark.django_db
def test_the_daily_regrade_changes_only_what_moved_and_records_each_change_in_bulk():
    a = make_customer(annual_purchase=Decimal("1200000"), payment_score=85)
    b = make_customer(annual_purchase=Decimal("400000"), payment_score=70)
    d = make_customer(annual_purchase=Decimal("0"))
    Customer.objects.filter(pk=d.pk).update(grade="D")
    unchanged_before = GradeChange.objects.filter(customer=d).count()

    with max_queries(15):
        changed = services.regrade_all()

    assert changed == 2
    assert Customer.objects.get(pk=a.pk).grade == "A" and Customer.objects.get(pk=b.pk).grade == "B"
    change = GradeChange.objects.get(customer=a)
    assert (change.old_grade, change.new_grade, change.changed_by) == ("", "A", None)
    assert GradeChange.objects.filter(customer=d).count() == unchanged_before
    assert Customer.objects.get(pk=a.pk).history.first().history_change_reason == "Regraded by the grade rules"
    assert services.regrade_all() == 0


@pytest.mark.django_db
def test_the_regrade_query_count_does_not_grow_with_the_customers():
    for n in range(30):
        make_customer(annual_purchase=Decimal(60000 + n))
    with max_queries(15):
        assert services.regrade_all() == 30


@pytest.mark.django_db
def test_new_thresholds_apply_from_their_effective_date_only():
    customer = make_customer(annual_purchase=Decimal("800000"), payment_score=90)
    table = [dict(SEED_RULES[0], min_annual_purchase=500000), *SEED_RULES[1:]]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rules.set_value(actor=user(p.SYSTEM_ADMIN), key="customers.grade_rules", new_value=table, effective_from=tomorrow)

    services.regrade_all()
    assert Customer.objects.get(pk=customer.pk).grade == "B"
    services.regrade_all(on=tomorrow)
    assert Customer.objects.get(pk=customer.pk).grade == "A"


@pytest.mark.django_db
def test_regrading_one_customer_records_who_asked():
    customer = make_customer(annual_purchase=Decimal("350000"), payment_score=60)
    director = user(p.DIRECTOR)
    change = services.regrade_customer(actor=director, customer=customer)
    assert (change.new_grade, change.changed_by) == ("B", director)
    assert services.regrade_customer(actor=director, customer=customer) is None


@pytest.mark.django_db
def test_a_grade_set_by_hand_keeps_the_reason_and_the_actor():
    customer = make_customer()
    manager = user(p.REGIONAL_MANAGER)
    change = services.change_grade(actor=manager, customer=customer, grade="A", reason="战略客户，总监批准")
    customer.refresh_from_db()
    assert customer.grade == "A" and customer.updated_by == manager
    assert (change.old_grade, change.new_grade, change.reason, change.changed_by) == ("", "A", "战略客户，总监批准",
                                                                                     manager)
    assert customer.history.first().history_user == manager


@pytest.mark.django_db
@pytest.mark.parametrize(("grade", "reason", "field"), [("E", "x", "grade"), ("B", "  ", "reason")])
def test_a_grade_change_needs_a_real_grade_and_a_reason(grade, reason, field):
    with pytest.raises(ValidationError) as caught:
        services.change_grade(actor=user(p.DIRECTOR), customer=make_customer(), grade=grade, reason=reason)
    assert field in caught.value.message_dict


def test_regrading_is_scheduled_daily_before_the_pool_job():
    by_name = {s.name: s for s in SCHEDULES}
    assert by_name["customers.regrade"].task is regrade_customers
    assert by_name["customers.regrade"].at < by_name["customers.pool"].at
