"""Service rules: numbering, routing (first match, round robin, least loaded), the five clears, major complaints
reported at once (in-app, email, robot), escalations once each, reopen, transfer."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from apps.service import services
from apps.service.choices import AssignmentMode, EscalationLevel, SlaClock, TicketStatus
from apps.service.models import TicketEscalation, TicketEvent
from core.models import Notification
from core.rules import set_value
from core.testing.helpers import user
from core.tests.test_robots import FakeRobot

from .clock import at, frozen
from .factories import category, make_customer, make_rule, make_ticket, unit

pytestmark = pytest.mark.django_db


def test_ticket_numbers_are_per_day_and_sequential():
    with frozen(at(2026, 11, 25, 10)):
        first, second = make_ticket(), make_ticket()
    assert first.number == "T2026112500001" and second.number == "T2026112500002"
    with frozen(at(2026, 11, 26, 10)):
        assert make_ticket().number == "T2026112600001"


def test_a_ticket_from_a_known_number_is_linked_to_the_customer_and_its_contact():
    customer = make_customer(grade="B", phone="13811112222")
    ticket = make_ticket(phone="138-1111-2222")
    assert ticket.customer == customer and ticket.customer_grade == "B"
    assert ticket.events.get().kind == "created"


def test_received_at_in_the_future_is_refused():
    with pytest.raises(ValidationError) as exc:
        make_ticket(received_at=at(2030, 1, 1))
    assert "received_at" in exc.value.message_dict


# -- routing -------------------------------------------------------------------------------------------------------

def test_the_first_matching_routing_rule_wins_and_sets_the_department():
    make_rule("cs-complaint", kind="complaint", position=10, department="aftersales",
              category=category("设备/产品"))
    make_rule("cs-inquiry", position=99)
    equipment = make_ticket(kind="complaint", category=category("喷头与墨路"))
    other = make_ticket(kind="complaint", category=category("服务态度"))
    assert equipment.team.code == "cs-complaint" and equipment.department.code == "aftersales"
    assert other.team.code == "cs-inquiry" and other.department is None


def test_rules_match_region_grade_and_product():
    beijing = unit("branch-bj").region
    make_rule("cs-aftersales", position=10, product="UV", customer_grade="A")
    make_rule("cs-presales", position=20, region=beijing)
    assert make_ticket(product="UV平板打印机", customer=make_customer(grade="A")).team.code == "cs-aftersales"
    assert make_ticket(customer=make_customer(grade="A", province_code="110000")).team.code == "cs-presales"


def test_round_robin_goes_around_the_teams_agents():
    make_rule("cs-complaint", assignment=AssignmentMode.ROUND_ROBIN)
    names = [make_ticket().assignee.username for _ in range(3)]
    assert sorted(names[:2]) == ["cs_agent", "cs_group_leader"] and names[2] == names[0]


def test_least_loaded_picks_the_agent_with_fewest_open_tickets():
    make_rule("cs-complaint", assignment=AssignmentMode.LEAST_LOADED)
    first = make_ticket().assignee
    assert make_ticket().assignee != first


def test_a_queue_rule_leaves_the_ticket_for_an_agent_to_take():
    make_rule("cs-complaint")
    ticket = make_ticket()
    assert ticket.status == TicketStatus.NEW and ticket.assignee is None
    ticket = services.take_ticket(actor=user("cs_agent"), ticket=ticket)
    assert ticket.status == TicketStatus.ASSIGNED and ticket.assignee == user("cs_agent")
    with pytest.raises(ValidationError):
        services.take_ticket(actor=user("cs_group_leader"), ticket=ticket)


def test_transfer_needs_a_reason_and_goes_back_to_the_new_teams_queue():
    ticket = make_ticket(assign_to_me=True)
    with pytest.raises(ValidationError):
        services.transfer_ticket(actor=user("cs_agent"), ticket=ticket, team=unit("as-service"), reason=" ")
    ticket = services.transfer_ticket(actor=user("cs_agent"), ticket=ticket, team=unit("as-service"),
                                      reason="需售后工程师处理")
    assert ticket.team.code == "as-service" and ticket.assignee is None and ticket.status == TicketStatus.NEW
    assert ticket.events.filter(kind="transferred", reason="需售后工程师处理").exists()


# -- the five clears -----------------------------------------------------------------------------------------------

FIVE = {"facts": "客户反映设备卡纸", "reply_to_customer": "已告知处理方案", "cause": "搓纸轮磨损",
        "handling": "更换搓纸轮", "result": "客户确认恢复正常"}


@pytest.mark.parametrize("missing", ["facts", "reply_to_customer", "cause", "handling", "result"])
def test_a_complaint_is_not_resolved_while_one_clear_is_missing(missing):
    ticket = make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True)
    with pytest.raises(services.FiveClearsIncomplete) as exc:
        services.resolve_ticket(actor=user("cs_agent"), ticket=ticket, **{k: v for k, v in FIVE.items()
                                                                         if k != missing})
    assert exc.value.missing == [missing]
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ASSIGNED


def test_the_next_reply_time_is_needed_when_not_solved_on_first_contact():
    with frozen(at(2026, 11, 24, 9)):
        ticket = make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True)
    with frozen(at(2026, 11, 24, 11)), pytest.raises(services.FiveClearsIncomplete) as exc:
        services.resolve_ticket(actor=user("cs_agent"), ticket=ticket, **FIVE)
    assert exc.value.missing == ["next_reply_at"]
    with frozen(at(2026, 11, 24, 11)):
        ticket = services.resolve_ticket(actor=user("cs_agent"), ticket=ticket, next_reply_at=at(2026, 11, 24, 16),
                                         **FIVE)
    assert ticket.status == TicketStatus.RESOLVED and ticket.sla_status == "met"


def test_a_complaint_solved_on_the_call_resolves_with_its_clears_and_gets_a_return_visit_due():
    with frozen(at(2026, 11, 24, 9)):
        ticket = make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True)
        ticket = services.resolve_ticket(actor=user("cs_agent"), ticket=ticket, **FIVE)
    assert ticket.resolved_at == at(2026, 11, 24, 9) and ticket.return_visit_due == at(2026, 12, 8, 9)


def test_other_kinds_resolve_without_the_clears():
    ticket = make_ticket(kind="inquiry", assign_to_me=True)
    assert services.resolve_ticket(actor=user("cs_agent"), ticket=ticket).status == TicketStatus.RESOLVED


def test_reopening_starts_a_new_resolution_clock_and_tells_the_assignee():
    ticket = make_ticket(kind="inquiry", assign_to_me=True)
    ticket = services.resolve_ticket(actor=user("cs_agent"), ticket=ticket)
    with pytest.raises(ValidationError):
        services.reopen_ticket(actor=user("cs_manager"), ticket=ticket, reason="")
    ticket = services.reopen_ticket(actor=user("cs_manager"), ticket=ticket, reason="回访不满意")
    assert ticket.status == TicketStatus.REOPENED and ticket.resolved_at is None and ticket.sla_cycle == 2
    assert Notification.objects.filter(recipient=user("cs_agent"), title__contains=ticket.number).exists()


def test_every_transition_is_recorded_with_who_and_why():
    ticket = make_ticket(assign_to_me=True)
    services.wait_for_customer(actor=user("cs_agent"), ticket=ticket, reason="等客户回电")
    event = TicketEvent.objects.filter(ticket=ticket, kind="status").last()
    assert (event.from_status, event.to_status, event.actor, event.reason) == (
        "assigned", "waiting_customer", user("cs_agent"), "等客户回电")


# -- major complaints ----------------------------------------------------------------------------------------------

@pytest.fixture
def robot():
    fake = FakeRobot()
    set_value(actor=None, key="service.major_robot_webhooks", new_value=[fake.url],
              effective_from=dt.date(2026, 1, 1))
    yield fake
    fake.close()


def test_a_major_complaint_reaches_the_department_head_at_once(robot, django_capture_on_commit_callbacks):
    make_rule("cs-complaint", kind="complaint")
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(kind="complaint", complaint_type="effective", media_threat=True, subject="扬言找媒体曝光")
    head = user("cs_manager")  # 投诉受理组 → 业务受理室 (no head) → 客服中心
    assert ticket.is_major and ticket.major_reasons == ["media_threat"] and ticket.major_reported_to == head
    assert Notification.objects.filter(recipient=head, level="danger", title__contains="扬言找媒体曝光").exists()
    assert any(head.email in m.to and "扬言找媒体曝光" in m.subject for m in mail.outbox)
    assert len(robot.received) == 1 and "扬言找媒体曝光" in robot.received[0]["text"]["content"]


def test_the_robot_is_not_told_when_the_transaction_rolls_back(robot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        make_ticket(kind="complaint", is_major=True)
    assert robot.received == []


@pytest.mark.parametrize(("fields", "reason"), [
    ({"churn_risk": True, "customer": {"is_key_account": True}}, "key_account_churn"),
    ({"customer": {"grade": "A"}}, "grade"),
    ({"batch_quality_issue": True}, "batch_quality"),
    ({"is_major": True}, "manual"),
])
def test_the_major_rules(fields, reason):
    if "customer" in fields:
        fields["customer"] = make_customer(**fields["customer"])
    ticket = make_ticket(kind="complaint", complaint_type="effective", **fields)
    assert ticket.is_major and ticket.major_reasons == [reason]


def test_churn_risk_of_an_ordinary_customer_is_not_major_and_inquiries_never_are():
    assert not make_ticket(kind="complaint", churn_risk=True, customer=make_customer()).is_major
    assert not make_ticket(kind="inquiry", media_threat=True).is_major


def test_a_rule_switched_off_by_parameter_no_longer_makes_it_major():
    set_value(actor=None, key="service.major_rules", effective_from=dt.date(2026, 1, 1),
              new_value={"key_account_churn": True, "media_threat": False, "grades": [], "batch_quality": True})
    assert not make_ticket(kind="complaint", media_threat=True).is_major


def test_marking_major_by_hand_reports_to_the_responsible_department_head():
    make_rule("as-service", kind="complaint", department="aftersales")
    ticket = make_ticket(kind="complaint", assign_to_me=True)
    ticket = services.mark_major(actor=user("cs_agent"), ticket=ticket, reason="客户情绪激动")
    assert ticket.is_major and ticket.major_reported_to == user("aftersales_manager")
    assert ticket.sla_policy.name == "重大投诉"


# -- escalation ----------------------------------------------------------------------------------------------------

def test_escalations_go_to_assignee_supervisor_then_manager_once_each():
    make_rule("cs-complaint", kind="complaint")
    with frozen(at(2026, 11, 23, 9)):
        ticket = make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True)
        services.add_message(actor=user("cs_agent"), ticket=ticket, body="已收到")
    due = ticket.resolution_due  # Thu 26th 09:00

    assert services.escalate_overdue(now=at(2026, 11, 25, 12)) == 1  # 80 %
    assert services.escalate_overdue(now=at(2026, 11, 25, 13)) == 0
    assert services.escalate_overdue(now=due) == 1  # breach → group leader
    assert services.escalate_overdue(now=due + dt.timedelta(hours=3)) == 0
    assert services.escalate_overdue(now=due + dt.timedelta(hours=4)) == 1  # manager
    assert services.escalate_overdue(now=due + dt.timedelta(hours=9)) == 0
    steps = {(e.clock, e.level): e.notified for e in TicketEscalation.objects.filter(ticket=ticket)}
    assert steps == {
        (SlaClock.RESOLUTION, EscalationLevel.WARNING): [user("cs_agent").pk],
        (SlaClock.RESOLUTION, EscalationLevel.BREACH): [user("cs_group_leader").pk],
        (SlaClock.RESOLUTION, EscalationLevel.MANAGER): [user("cs_manager").pk],
    }


def test_a_paused_ticket_is_not_escalated():
    with frozen(at(2026, 11, 23, 9)):
        ticket = make_ticket(kind="complaint", assign_to_me=True)
        services.wait_for_customer(actor=user("cs_agent"), ticket=ticket)
    assert services.escalate_overdue(now=at(2026, 12, 31)) == 0


def test_an_unanswered_ticket_escalates_its_first_response_clock():
    with frozen(at(2026, 11, 23, 9)):
        make_ticket(kind="inquiry", priority="urgent", assign_to_me=True)
    services.escalate_overdue(now=at(2026, 11, 23, 10))
    assert set(TicketEscalation.objects.values_list("clock", "level")) == {
        (SlaClock.FIRST_RESPONSE, EscalationLevel.BREACH)}
