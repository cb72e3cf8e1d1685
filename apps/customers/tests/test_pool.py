"""The public pool (公海) services: the daily reclaim with notice, key-account exemption, claims within the cap,
releases, and the history each move leaves."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone, translation

from apps.customers import services
from apps.customers.models import Customer, PoolEvent
from apps.customers.services import pool
from apps.customers.tasks import SCHEDULES, apply_pool_rules
from core import rules
from core.models import Notification
from core.testing import personas as p
from core.testing.helpers import max_queries, user

from .factories import make_customer

SH = ZoneInfo("Asia/Shanghai")
DAY_0 = datetime.datetime(2026, 10, 1, 15, 0, tzinfo=SH)


def on_day(n: int) -> datetime.datetime:
    """The daily job's run, 02:00 on day n after DAY_0."""
    return datetime.datetime.combine(DAY_0.date() + datetime.timedelta(days=n), datetime.time(2), tzinfo=SH)


def aged(grade: str = "", *, owner: str = p.NORTH_REP, deal_day: int = 0, **fields) -> Customer:
    """A customer created and last followed up on DAY_0 (last deal on `deal_day`)."""
    customer = make_customer(owner=owner, **fields)
    Customer.objects.filter(pk=customer.pk).update(
        grade=grade, created_at=DAY_0 - datetime.timedelta(days=400), last_activity_at=DAY_0,
        last_deal_at=DAY_0 + datetime.timedelta(days=deal_day))
    return Customer.objects.get(pk=customer.pk)


def in_pool(**fields) -> Customer:
    customer = make_customer(owner=p.SOUTH_REP, **fields)
    pool.release_customer(actor=user(p.SOUTH_REP), customer=customer, reason="测试用")
    return Customer.objects.get(pk=customer.pk)


def set_rule(key: str, value, effective_from: datetime.date | None = None) -> None:
    rules.set_value(actor=user(p.SYSTEM_ADMIN), key=key, new_value=value,
                    effective_from=effective_from or timezone.localdate())


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the UI language is Chinese once translated)."""
    with translation.override("en"):
        yield


# -- the daily job ----------------------------------------------------------------------------------------------

def test_a_grade_a_customer_gets_notice_on_day_27_and_goes_to_the_pool_on_day_30():
    customer, rep = aged("A"), user(p.NORTH_REP)

    assert pool.run_pool_rules(now=on_day(26)) == {"notice": 0, "reclaim": 0}
    assert pool.run_pool_rules(now=on_day(27)) == {"notice": 1, "reclaim": 0}
    customer.refresh_from_db()
    assert customer.reclaim_notice_at == on_day(27) and customer.owner == rep
    notice = PoolEvent.objects.get(customer=customer, kind="notice")
    assert notice.from_owner == rep and "2026-10-31" in notice.reason
    assert Notification.objects.filter(recipient=rep, url="/customers/pool/notices/").count() == 1

    assert pool.run_pool_rules(now=on_day(28)) == {"notice": 0, "reclaim": 0}  # once per cycle
    assert pool.run_pool_rules(now=on_day(29)) == {"notice": 0, "reclaim": 0}
    assert pool.run_pool_rules(now=on_day(30)) == {"notice": 0, "reclaim": 1}

    customer.refresh_from_db()
    assert (customer.owner, customer.in_pool, customer.pool_since) == (None, True, on_day(30))
    assert customer.reclaim_notice_at is None
    reclaim = PoolEvent.objects.get(customer=customer, kind="reclaim")
    assert reclaim.from_owner == rep and reclaim.reason == "No follow-up for 30 days"
    assert customer.history.get(history_change_reason="Reclaimed to the public pool").owner_id is None
    assert Notification.objects.filter(recipient=rep, url="/customers/pool/").exists()


@pytest.mark.parametrize(("grade", "days"), [("B", 15), ("C", 7), ("", 7)])
def test_each_grade_goes_to_the_pool_on_its_own_day(grade, days):
    customer = aged(grade)
    pool.run_pool_rules(now=on_day(days - 3))
    pool.run_pool_rules(now=on_day(days - 1))
    assert not Customer.objects.get(pk=customer.pk).in_pool
    pool.run_pool_rules(now=on_day(days))
    assert Customer.objects.get(pk=customer.pk).in_pool


def test_key_accounts_and_exempt_customers_are_never_reclaimed():
    key_account, exempt = aged("C", is_key_account=True), aged("C", pool_exempt=True)
    for day in (4, 7, 200, 400):
        assert pool.run_pool_rules(now=on_day(day)) == {"notice": 0, "reclaim": 0}
    assert not Customer.objects.filter(pk__in=[key_account.pk, exempt.pk], in_pool=True).exists()
    assert not PoolEvent.objects.filter(customer__in=[key_account, exempt]).exists()


def test_a_follow_up_after_the_notice_keeps_the_customer():
    customer = aged("C")
    pool.run_pool_rules(now=on_day(4))
    Customer.objects.filter(pk=customer.pk).update(last_activity_at=on_day(5))
    assert pool.run_pool_rules(now=on_day(7)) == {"notice": 0, "reclaim": 0}
    assert pool.run_pool_rules(now=on_day(9)) == {"notice": 1, "reclaim": 0}  # the next cycle's notice
    assert not Customer.objects.get(pk=customer.pk).in_pool


def test_no_deal_for_180_days_reclaims_a_customer_that_is_followed_up():
    customer = aged("A", deal_day=-177)
    Customer.objects.filter(pk=customer.pk).update(last_activity_at=on_day(2))
    pool.run_pool_rules(now=on_day(0))
    pool.run_pool_rules(now=on_day(3))
    customer.refresh_from_db()
    assert customer.in_pool
    assert PoolEvent.objects.get(customer=customer, kind="reclaim").reason == "No deal for 180 days"


def test_a_customer_just_claimed_has_its_own_full_period():
    old = in_pool()
    Customer.objects.filter(pk=old.pk).update(grade="C", last_activity_at=DAY_0 - datetime.timedelta(days=90),
                                              created_at=DAY_0 - datetime.timedelta(days=400))
    PoolEvent.objects.filter(customer=old).update(occurred_at=DAY_0 - datetime.timedelta(days=90))
    pool.claim_customer(actor=user(p.NORTH_REP), customer=old)
    PoolEvent.objects.filter(customer=old, kind="claim").update(occurred_at=DAY_0)
    assert pool.run_pool_rules(now=on_day(3)) == {"notice": 0, "reclaim": 0}
    assert pool.run_pool_rules(now=on_day(4)) == {"notice": 1, "reclaim": 0}


def test_the_daily_job_works_in_bulk_whatever_the_number_of_customers():
    for _n in range(25):
        aged("C")
    pool.run_pool_rules(now=on_day(4))
    with max_queries(20):
        assert pool.run_pool_rules(now=on_day(7)) == {"notice": 0, "reclaim": 25}
    assert PoolEvent.objects.filter(kind="reclaim").count() == 25
    assert Notification.objects.filter(recipient=user(p.NORTH_REP), title__contains="25 customers were").count() == 1


def test_changed_pool_days_apply_from_their_effective_date():
    customer = aged("C")
    set_rule("customers.pool_days_without_follow_up", {"A": 30, "B": 15, "C": 20, "D": 7, "": 7},
             effective_from=on_day(5).date())
    assert pool.run_pool_rules(now=on_day(4)) == {"notice": 1, "reclaim": 0}  # the old 7 days still held
    Customer.objects.filter(pk=customer.pk).update(reclaim_notice_at=None)
    assert pool.run_pool_rules(now=on_day(7)) == {"notice": 0, "reclaim": 0}
    assert pool.run_pool_rules(now=on_day(17)) == {"notice": 1, "reclaim": 0}
    assert customer.pk in [n.customer.pk for n in pool.list_reclaim_notices_for(user(p.NORTH_REP))]


def test_the_pool_job_is_scheduled_daily():
    assert {s.name: s.task for s in SCHEDULES}["customers.pool"] is apply_pool_rules


def test_my_reclaim_notices_list_the_day_each_customer_goes():
    customer = aged("B")
    Customer.objects.filter(pk=customer.pk).update(reclaim_notice_at=timezone.now())
    Customer.objects.filter(pk=customer.pk).update(last_activity_at=timezone.now() - datetime.timedelta(days=13))
    notices = pool.list_reclaim_notices_for(user(p.NORTH_REP))
    assert [n.customer.pk for n in notices] == [customer.pk]
    assert notices[0].reclaim.due_on == timezone.localdate() + datetime.timedelta(days=3)
    assert pool.list_reclaim_notices_for(user(p.SOUTH_REP)) == []


# -- claim and release ------------------------------------------------------------------------------------------

def test_a_rep_claims_a_pool_customer_and_it_is_recorded():
    customer, rep = in_pool(), user(p.NORTH_REP)
    claimed = services.claim_customer(actor=rep, customer=customer)
    assert (claimed.owner, claimed.in_pool, claimed.pool_since) == (rep, False, None)
    assert claimed.org_unit.name == "北京分公司"
    event = PoolEvent.objects.get(customer=customer, kind="claim")
    assert (event.to_owner, event.actor) == (rep, rep)
    assert claimed.history.first().history_user == rep


def test_a_customer_already_claimed_cannot_be_claimed_again_from_a_stale_page():
    customer = in_pool()
    stale = Customer.objects.get(pk=customer.pk)
    services.claim_customer(actor=user(p.NORTH_REP), customer=customer)
    with pytest.raises(services.PoolConflict) as caught:
        services.claim_customer(actor=user(p.REGIONAL_MANAGER), customer=stale)
    assert caught.value.code == "not_in_pool"
    assert Customer.objects.get(pk=customer.pk).owner == user(p.NORTH_REP)


def test_a_rep_at_the_private_customer_cap_cannot_claim():
    rep = user(p.NORTH_REP)
    make_customer(owner=p.NORTH_REP)
    held = pool.private_count(rep)
    first, second = in_pool(), in_pool()
    set_rule("customers.private_customer_cap", held + 1)
    services.claim_customer(actor=rep, customer=first)
    with pytest.raises(services.PoolConflict) as caught:
        services.claim_customer(actor=rep, customer=second)
    assert caught.value.code == "private_cap_reached"
    assert Customer.objects.get(pk=second.pk).in_pool


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_pass_the_cap_nor_claim_twice():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("threads need a file-backed or PostgreSQL test database (run with DATABASE_URL)")
    rep = user(p.NORTH_REP)
    customers = [in_pool() for _n in range(6)]
    set_rule("customers.private_customer_cap", pool.private_count(rep) + 2)
    outcomes, start = [], threading.Barrier(6)

    def claim(customer):
        start.wait()
        try:
            services.claim_customer(actor=rep, customer=customer)
            outcomes.append("claimed")
        except services.PoolConflict as exc:
            outcomes.append(exc.code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=claim, args=(c,)) for c in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["claimed"] * 2 + ["private_cap_reached"] * 4
    assert Customer.objects.filter(pk__in=[c.pk for c in customers], owner=rep).count() == 2


def test_a_rep_releases_a_customer_with_a_reason():
    customer, rep = make_customer(), user(p.NORTH_REP)
    released = services.release_customer(actor=rep, customer=customer, reason="客户已转行")
    assert (released.owner, released.in_pool) == (None, True) and released.pool_since is not None
    event = PoolEvent.objects.get(customer=customer, kind="release")
    assert (event.from_owner, event.actor, event.reason) == (rep, rep, "客户已转行")


def test_releasing_needs_a_reason_and_the_owner_or_a_manager():
    customer = make_customer(owner=p.NORTH_REP)
    with pytest.raises(ValidationError):
        services.release_customer(actor=user(p.NORTH_REP), customer=customer, reason=" ")
    with pytest.raises(PermissionDenied):
        services.release_customer(actor=user(p.SOUTH_REP), customer=customer, reason="不是我的")
    services.release_customer(actor=user(p.REGIONAL_MANAGER), customer=customer, reason="整顿客户")
    assert Customer.objects.get(pk=customer.pk).in_pool
