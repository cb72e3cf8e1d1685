"""Sales-process reads: funnel numbers and conversion rates from the stage history, the board, "my day"."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.customers import selectors, services
from apps.customers.models import Customer
from core.testing import personas as p
from core.testing.helpers import user

from .pipeline_factories import log, make_opportunity, north_customer, south_customer

pytestmark = pytest.mark.django_db


def walk(customer, stages, **fields):
    """An opportunity moved through `stages` in order (the last one is where it ends)."""
    opportunity = make_opportunity(customer, **fields)
    for stage in stages:
        opportunity = services.move_opportunity(actor=customer.owner, opportunity=opportunity, stage=stage,
                                                lost_reason="预算取消" if stage == "lost" else "")
    return opportunity


def test_funnel_counts_what_ever_reached_each_stage_and_the_conversion_between_stages():
    # given ten deals of the north rep: 2 still at approach, 1 lost at approach, 2 at learn (one had been at
    # present and stepped back), 1 lost after present, 1 at present, 1 at close, 2 won
    c = north_customer()
    for _ in range(2):
        walk(c, [], amount=Decimal("1000"))
    walk(c, ["lost"], amount=Decimal("5000"))
    walk(c, ["learn"])
    walk(c, ["learn", "present", "learn"])
    walk(c, ["learn", "present", "lost"])
    walk(c, ["present"])  # skipped learn: reaching present counts as having passed learn
    walk(c, ["learn", "present", "close"])
    walk(c, ["learn", "present", "close", "won"], amount=Decimal("300000"))
    walk(c, ["close", "won"], amount=Decimal("200000"))

    funnel = selectors.funnel_for(user(p.NORTH_REP))

    rows = {r.stage: r for r in funnel["rows"]}
    assert [(s, rows[s].count, rows[s].reached) for s in ["approach", "learn", "present", "close", "won"]] == [
        ("approach", 2, 10), ("learn", 2, 7), ("present", 1, 6), ("close", 1, 3), ("won", 2, 2)]
    assert [rows[s].rate for s in ["approach", "learn", "present", "close", "won"]] == [None, 70.0, 85.7, 50.0, 66.7]
    assert rows["approach"].amount == Decimal("2000")
    assert funnel["lost"].count == 2 and funnel["lost"].amount == Decimal("5000")
    assert (funnel["total"], funnel["open_count"], funnel["won_count"], funnel["lost_count"]) == (10, 6, 2, 2)
    assert funnel["won_amount"] == Decimal("500000") and funnel["win_rate"] == 50.0
    assert funnel["chart"] == {"type": "funnel", "labels": [str(rows[s].stage.label) for s in rows],
                               "values": [10, 7, 6, 3, 2]}


def test_funnel_is_scoped_and_filtered():
    walk(north_customer(), ["learn"])
    walk(south_customer(), ["learn"])
    assert selectors.funnel_for(user(p.NORTH_REP))["total"] == 1
    assert selectors.funnel_for(user(p.DIRECTOR))["total"] == 2
    south = user(p.SOUTH_REP)
    assert selectors.funnel_for(user(p.DIRECTOR), owner=south.pk)["total"] == 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert selectors.funnel_for(user(p.DIRECTOR), opened_from=tomorrow)["total"] == 0


def test_funnel_of_nothing_has_no_rates():
    funnel = selectors.funnel_for(user(p.NORTH_REP))
    assert funnel["total"] == 0 and funnel["win_rate"] is None
    assert all(r.rate is None for r in funnel["rows"])


def test_board_has_a_column_per_stage_with_count_amount_and_allowed_moves():
    c = north_customer()
    make_opportunity(c, amount=Decimal("100"))
    make_opportunity(c, amount=Decimal("250"))
    make_opportunity(c, stage="won")
    columns = {col.stage: col for col in selectors.board_for(user(p.NORTH_REP))}
    assert list(columns) == ["approach", "learn", "present", "close", "won", "lost"]
    assert (columns["approach"].count, columns["approach"].amount) == (2, Decimal("350"))
    assert columns["approach"].cards[0].next_stages[0] == "learn"
    assert columns["won"].cards[0].next_stages == []


def test_my_day_gathers_visits_reminders_logs_closing_deals_overdue_steps_and_reclaim_notices():
    rep = user(p.NORTH_REP)
    today = timezone.localdate()
    visited, reminded, closing, neglected = (north_customer(name=n) for n in ["拜访客户", "提醒客户", "成交客户",
                                                                             "冷落客户"])
    services.plan_visit(actor=rep, customer=visited, planned_on=today, purpose="送样")
    now = timezone.now()
    local = timezone.localtime(now)
    log(reminded, next_step="回电", remind_at=local.replace(hour=23, minute=59) if local.hour < 23 else now)
    old = log(neglected, days_ago=5, next_step="寄资料", remind_at=now - datetime.timedelta(days=2))
    make_opportunity(closing, expected_close=today)
    make_opportunity(closing, expected_close=today + datetime.timedelta(days=30))
    Customer.objects.filter(pk=neglected.pk).update(reclaim_notice_at=now - datetime.timedelta(days=1))

    day = selectors.my_day_for(rep)

    assert [v.customer.name for v in day["visits"]] == ["拜访客户"]
    assert [a.customer.name for a in day["reminders"]] == ["提醒客户"]
    assert {a.customer.name for a in day["logged"]} == {"提醒客户"}
    assert [o.customer.name for o in day["closing"]] == ["成交客户"]
    assert day["overdue"] == [old]
    assert [c.name for c in day["reclaim"]] == ["冷落客户"]
    assert day["reclaim"][0].reclaim_on == timezone.localdate(now - datetime.timedelta(days=1)) + datetime.timedelta(
        days=3)


def test_a_follow_up_clears_the_overdue_step_and_the_reclaim_notice_from_my_day():
    rep = user(p.NORTH_REP)
    customer = north_customer()
    now = timezone.now()
    log(customer, days_ago=5, next_step="寄资料", remind_at=now - datetime.timedelta(days=2))
    Customer.objects.filter(pk=customer.pk).update(reclaim_notice_at=now - datetime.timedelta(days=1))
    log(customer, kind="visit", subject="上门拜访")
    day = selectors.my_day_for(rep)
    assert day["overdue"] == [] and day["reclaim"] == []


def test_only_staff_in_scope_can_be_made_owners_and_a_rep_only_themselves():
    assert list(selectors.assignable_users_for(user(p.NORTH_REP))) == [user(p.NORTH_REP)]
    managers = set(selectors.assignable_users_for(user(p.REGIONAL_MANAGER)).values_list("username", flat=True))
    assert {"regional_manager", "sales_rep"} <= managers and "south_rep" not in managers
