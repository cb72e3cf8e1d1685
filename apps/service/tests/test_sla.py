"""SLA clocks on China's working calendar with the shipped policies (domain.md §7): the 2026 National Day holiday
and its 调休 Saturday, lunch breaks, pause and resume, round-the-clock targets and the first matching policy."""

import datetime as dt
from decimal import Decimal

import pytest

from apps.service import services, sla
from apps.service.choices import SlaStatus, TargetUnit
from apps.service.models import SLAPolicy
from core.calendars import get_calendar, list_calendars
from core.testing.helpers import user

from .clock import at, frozen
from .factories import make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return get_calendar()


def resolution(ticket):
    return ticket.resolution_due.astimezone(at(2026, 1, 1).tzinfo)


# -- the engine arithmetic ----------------------------------------------------------------------------------------

def test_one_working_day_from_the_eve_of_national_day_ends_on_october_8(office):
    clock = sla.compute_clock(at(2026, 9, 30, 15), sla.Target(Decimal(1), TargetUnit.WORKING_DAYS), office)
    assert clock.due == at(2026, 10, 8, 15)


def test_one_working_day_from_friday_october_9_ends_on_the_adjusted_saturday(office):
    clock = sla.compute_clock(at(2026, 10, 9, 10), sla.Target(Decimal(1), TargetUnit.WORKING_DAYS), office)
    assert clock.due == at(2026, 10, 10, 10)


def test_three_working_days_skip_mid_autumn_and_the_weekend(office):
    clock = sla.compute_clock(at(2026, 9, 24, 16), sla.Target(Decimal(3), TargetUnit.WORKING_DAYS), office)
    assert clock.due == at(2026, 9, 30, 16)  # 25–27 Mid-autumn off; 28, 29, 30 count


def test_working_hours_skip_the_lunch_break(office):
    clock = sla.compute_clock(at(2026, 11, 24, 11), sla.Target(Decimal(2), TargetUnit.WORKING_HOURS), office)
    assert clock.due == at(2026, 11, 24, 14, 30)  # 11–12, then 13:30–14:30


def test_round_the_clock_hours_ignore_holidays_and_nights(office):
    clock = sla.compute_clock(at(2026, 9, 30, 15), sla.Target(Decimal(24), TargetUnit.HOURS), office)
    assert clock.due == at(2026, 10, 1, 15)


def test_a_pause_moves_the_deadline_by_the_paused_open_time(office):
    target = sla.Target(Decimal(3), TargetUnit.WORKING_DAYS)
    paused = [(at(2026, 11, 24, 10), at(2026, 11, 24, 14))]  # 2 h before lunch + 30 min after
    assert sla.compute_clock(at(2026, 11, 23, 9), target, office).due == at(2026, 11, 26, 9)
    assert sla.compute_clock(at(2026, 11, 23, 9), target, office, paused).due == at(2026, 11, 26, 11, 30)
    assert sla.paused_open_time(office, paused) == dt.timedelta(hours=2, minutes=30)


def test_the_warning_comes_at_80_percent_of_the_open_time(office):
    clock = sla.compute_clock(at(2026, 11, 23, 9), sla.Target(Decimal(3), TargetUnit.WORKING_DAYS), office)
    assert clock.warn_at == at(2026, 11, 25, 12)  # 18 of 22.5 open hours
    kwargs = {"resolution_due": clock.due, "resolution_warn_at": clock.warn_at, "first_responded_at": at(2026, 11, 23)}
    assert sla.status_at(at(2026, 11, 25, 11, 59), **kwargs) == SlaStatus.ON_TRACK
    assert sla.status_at(at(2026, 11, 25, 12), **kwargs) == SlaStatus.DUE_SOON
    assert sla.status_at(at(2026, 11, 26, 9), **kwargs) == SlaStatus.BREACHED
    assert sla.status_at(at(2026, 11, 26, 9), paused_at=at(2026, 11, 24), **kwargs) == SlaStatus.ON_TRACK


def test_a_resolved_ticket_is_met_or_breached_by_its_deadlines():
    due = at(2026, 11, 26, 9)
    assert sla.status_at(at(2026, 12, 1), resolution_due=due, resolved_at=at(2026, 11, 25)) == SlaStatus.MET
    assert sla.status_at(at(2026, 12, 1), resolution_due=due, resolved_at=at(2026, 11, 27)) == SlaStatus.BREACHED


# -- the shipped policies on tickets ------------------------------------------------------------------------------

def test_a_major_complaint_before_national_day_is_due_on_october_8_and_answered_within_24_hours():
    ticket = make_ticket(kind="complaint", complaint_type="effective", is_major=True, received_at=at(2026, 9, 30, 15))
    assert ticket.sla_policy.name == "重大投诉"
    assert resolution(ticket) == at(2026, 10, 8, 15)
    assert ticket.first_response_due == at(2026, 10, 1, 15)


def test_a_general_complaint_gets_three_working_days_across_the_holiday():
    ticket = make_ticket(kind="complaint", complaint_type="effective", received_at=at(2026, 9, 29, 10))
    assert ticket.sla_policy.name == "一般投诉"
    assert resolution(ticket) == at(2026, 10, 9, 10)  # Sep 30, Oct 8, Oct 9


def test_a_repair_is_confirmed_within_two_working_hours_across_lunch():
    ticket = make_ticket(kind="repair", received_at=at(2026, 11, 24, 11))
    assert ticket.first_response_due == at(2026, 11, 24, 14, 30)


@pytest.mark.parametrize(("fields", "policy"), [
    ({"kind": "inquiry"}, "咨询"),
    ({"kind": "inquiry", "priority": "urgent"}, "紧急求助"),
    ({"kind": "complaint", "priority": "urgent", "is_major": True}, "重大投诉(紧急)"),
    ({"kind": "complaint", "priority": "urgent"}, "一般投诉(紧急)"),
    ({"kind": "repair", "priority": "urgent"}, "报修"),
    ({"kind": "suggestion"}, "建议"),
])
def test_the_first_matching_policy_wins(fields, policy):
    assert make_ticket(**fields).sla_policy.name == policy


def test_the_default_policy_applies_when_nothing_else_matches():
    SLAPolicy.objects.filter(name="咨询").update(is_active=False)
    assert make_ticket(kind="inquiry").sla_policy.name == "默认"


def test_an_emergency_is_answered_within_one_hour():
    ticket = make_ticket(kind="inquiry", priority="urgent", received_at=at(2026, 11, 25, 20))
    assert ticket.first_response_due == at(2026, 11, 25, 21)


def test_a_policy_for_grade_a_customers_put_first_takes_precedence(make_grade_a_policy=None):
    services.save_policy(actor=user("cs_manager"), name="A级客户", position=1, customer_grade="A",
                         first_response_target=Decimal(2), first_response_unit=TargetUnit.HOURS,
                         resolution_target=Decimal(1), resolution_unit=TargetUnit.WORKING_DAYS)
    from .factories import make_customer

    ticket = make_ticket(kind="inquiry", customer=make_customer(grade="A"))
    assert ticket.sla_policy.name == "A级客户"


def test_a_round_the_clock_policy_counts_every_day():
    always = list_calendars().get(name="7×24")
    services.save_policy(actor=user("cs_manager"), policy=SLAPolicy.objects.get(name="咨询"), calendar=always)
    ticket = make_ticket(kind="inquiry", received_at=at(2026, 9, 30, 15))
    assert resolution(ticket) == at(2026, 10, 2, 15)  # 2 "working" days on 7×24


def test_waiting_on_the_customer_pauses_and_resuming_moves_the_deadline():
    with frozen(at(2026, 11, 23, 9)):
        ticket = make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True)
    assert resolution(ticket) == at(2026, 11, 26, 9)
    agent = user("cs_agent")
    with frozen(at(2026, 11, 24, 10)):
        ticket = services.wait_for_customer(actor=agent, ticket=ticket, reason="等客户提供照片")
    assert ticket.sla_paused_at == at(2026, 11, 24, 10)
    with frozen(at(2026, 11, 24, 14)):
        ticket = services.resume_ticket(actor=agent, ticket=ticket)
    assert ticket.sla_paused_at is None
    assert resolution(ticket) == at(2026, 11, 26, 11, 30)


def test_waiting_on_a_department_keeps_the_clock_running():
    with frozen(at(2026, 11, 23, 9)):
        ticket = make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True)
    with frozen(at(2026, 11, 24, 10)):
        ticket = services.wait_for_department(actor=user("cs_agent"), ticket=ticket, reason="转售后")
    with frozen(at(2026, 11, 24, 14)):
        ticket = services.resume_ticket(actor=user("cs_agent"), ticket=ticket)
    assert resolution(ticket) == at(2026, 11, 26, 9)


def test_the_periodic_refresh_moves_statuses_on_and_keeps_breach_flags():
    with frozen(at(2026, 11, 23, 9)):
        ticket = make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True)
        services.add_message(actor=user("cs_agent"), ticket=ticket, body="您好，已收到")
    services.refresh_open_tickets(now=at(2026, 11, 25, 12))
    ticket.refresh_from_db()
    assert ticket.sla_status == SlaStatus.DUE_SOON and not ticket.breached_resolution
    services.refresh_open_tickets(now=at(2026, 11, 26, 9))
    ticket.refresh_from_db()
    assert ticket.sla_status == SlaStatus.BREACHED and ticket.breached_resolution
    assert not ticket.breached_first_response
