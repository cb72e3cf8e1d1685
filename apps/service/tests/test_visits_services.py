"""Return-visit services with the shipped SLA policies and parameters (domain.md §7): a visit is planned when a
ticket is resolved, out of the customer's quiet hours; retries until the limit; satisfied closes, unsatisfied
reopens to the ticket's team and starts the follow-up chain, whose deadlines count on China's working calendar."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apps.service import services
from apps.service.models import FindingStep, ReturnVisit, SatisfactionFinding
from apps.service.services import visits
from apps.service.visits import selectors
from apps.service.visits.choices import ReturnVisitSource
from apps.service.visits.workflow import StepClosed, VisitClosed
from core.models import Notification
from core.rules import set_value
from core.testing.helpers import user

from .clock import at, frozen
from .factories import make_customer, make_ticket, unit
from .visit_factories import resolved_ticket, routed, visit_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _routing():
    routed()


def record(visit, when, actor="return_visit_agent", **outcome):
    with frozen(when):
        return visits.record_return_visit(actor=user(actor) if actor else None,
                                          visit=ReturnVisit.objects.get(pk=visit.pk), **outcome)


# -- planned when a ticket is resolved -----------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "fields", "days"), [
    ("repair", {}, 3),  # 报修: within 3 days
    ("service", {}, 3),  # 业务办理
    ("complaint", {}, 14),  # 一般投诉: revisited within 2 weeks
    ("complaint", {"is_major": True}, 7),  # 重大投诉: within 1 week
])
def test_resolving_plans_the_visit_due_by_the_sla_policy(kind, fields, days):
    ticket = resolved_ticket(at(2026, 11, 24, 10), kind=kind, **fields)
    visit = visit_of(ticket)
    assert visit.source == ReturnVisitSource.TICKET and visit.status == "pending"
    assert visit.due_at == ticket.return_visit_due == at(2026, 11, 24, 10) + dt.timedelta(days=days)
    assert visit.assignee == user("return_visit_agent") and visit.team.code == "cs-survey"
    assert visit.scheduled_at == at(2026, 11, 24, 10)


@pytest.mark.parametrize("kind", ["inquiry", "suggestion"])
def test_inquiries_and_suggestions_get_no_visit(kind):
    ticket = resolved_ticket(at(2026, 11, 24, 10), kind=kind)
    assert ticket.return_visit_due is None and not ReturnVisit.objects.filter(ticket=ticket).exists()


def test_a_visit_planned_at_lunch_time_is_called_after_the_customers_rest():
    visit = visit_of(resolved_ticket(at(2026, 11, 24, 12, 15)))
    assert visit.scheduled_at == at(2026, 11, 24, 14, 0)
    evening = visit_of(resolved_ticket(at(2026, 11, 24, 20, 30)))
    assert evening.scheduled_at == at(2026, 11, 25, 9, 0)  # after office hours: next morning


def test_the_visit_calls_the_callers_contact_and_number():
    customer = make_customer(name="北京彩印广告有限公司", phone="13810086000", email="boss@caiyin.cn")
    visit = visit_of(resolved_ticket(at(2026, 11, 24, 10), customer=customer))
    assert visit.customer == customer and visit.phone == "+8613810086000" and visit.email == "boss@caiyin.cn"
    unknown = visit_of(resolved_ticket(at(2026, 11, 24, 10), phone="13700001111", caller_name="王先生"))
    assert unknown.customer is None and unknown.contact_name == "王先生" and unknown.phone == "+8613700001111"


def test_visits_go_to_the_least_loaded_return_visit_agent():
    first = visit_of(resolved_ticket(at(2026, 11, 24, 10)))
    assert first.assignee.username == "return_visit_agent"
    assert selectors.list_visits_for(user("return_visit_agent"),
                                     selectors.VisitFilters(box="mine")).get() == first


# -- recording -----------------------------------------------------------------------------------------------------

def test_satisfied_closes_the_ticket():
    ticket = resolved_ticket(at(2026, 11, 24, 10))
    visit = record(visit_of(ticket), at(2026, 11, 25, 10), reached=True, satisfied=True, score=5, comment="很好")
    ticket.refresh_from_db()
    assert visit.status == "done" and visit.completed_by == user("return_visit_agent")
    assert ticket.status == "closed" and ticket.closed_at == at(2026, 11, 25, 10)
    reasons = list(ticket.events.values_list("to_status", "reason"))
    assert ("return_visit", "") in reasons and any(to == "closed" and "5" in why for to, why in reasons)
    assert not SatisfactionFinding.objects.exists()
    assert [a.reached for a in visit.attempts.all()] == [True]


def test_unsatisfied_reopens_the_ticket_to_its_team_and_starts_the_follow_up():
    ticket = resolved_ticket(at(2026, 11, 24, 10), kind="complaint")
    assert ticket.team.code == "cs-complaint" and ticket.assignee == user("cs_agent")
    visit = record(visit_of(ticket), at(2026, 11, 25, 10), reached=True, satisfied=False, score=2,
                   comment="工程师没有上门，问题依旧")
    ticket.refresh_from_db()
    assert visit.status == "done" and visit.satisfied is False
    assert ticket.status == "reopened" and ticket.team.code == "cs-complaint"
    assert ticket.assignee == user("cs_agent") and ticket.reopen_count == 1
    assert "工程师没有上门" in ticket.events.get(to_status="reopened").reason
    assert Notification.objects.filter(recipient=user("cs_agent"), title__contains=ticket.number).exists()
    finding = SatisfactionFinding.objects.get(visit=visit)
    step = finding.steps.get()
    assert step.kind == "forward" and step.department.code == "cs-complaint"
    assert step.assignee == user("return_visit_agent")
    assert step.due_at == at(2026, 11, 27, 10)  # 2 working days


def test_unsatisfied_needs_a_reason_and_a_score_from_one_to_five():
    visit = visit_of(resolved_ticket(at(2026, 11, 24, 10)))
    with pytest.raises(ValidationError) as exc:
        record(visit, at(2026, 11, 25, 10), reached=True, satisfied=False, score=9, comment="")
    assert set(exc.value.message_dict) == {"score", "comment"}
    assert ReturnVisit.objects.get(pk=visit.pk).status == "pending" and not visit.attempts.exists()


def test_a_suggestion_from_a_satisfied_customer_is_followed_up_too():
    ticket = resolved_ticket(at(2026, 11, 24, 10))
    visit = record(visit_of(ticket), at(2026, 11, 25, 10), reached=True, satisfied=True, score=4,
                   suggestions="希望提供操作视频教程")
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert "视频教程" in SatisfactionFinding.objects.get(visit=visit).summary


def test_not_reached_is_retried_two_working_hours_later_out_of_quiet_hours_then_closed_unreachable():
    ticket = resolved_ticket(at(2026, 11, 24, 9))
    visit = record(visit_of(ticket), at(2026, 11, 25, 10, 30), reached=False, comment="无人接听")
    assert visit.status == "not_reached" and visit.scheduled_at == at(2026, 11, 25, 14, 0)
    ticket.refresh_from_db()
    assert ticket.status == "return_visit"
    visit = record(visit, at(2026, 11, 25, 16, 30), reached=False, comment="关机")
    assert visit.status == "not_reached" and visit.scheduled_at == at(2026, 11, 26, 9, 30)  # 18:00, then 09:00
    visit = record(visit, at(2026, 11, 26, 9, 30), reached=False, comment="仍无人接听")
    ticket.refresh_from_db()
    assert visit.status == "unreachable" and visit.attempt_count == 3 and visit.reached is False
    assert ticket.status == "closed"
    assert [a.next_call_at for a in visit.attempts.all()] == [at(2026, 11, 25, 14), at(2026, 11, 26, 9, 30), None]
    with pytest.raises(VisitClosed):
        record(visit, at(2026, 11, 26, 11), reached=True, satisfied=True, score=5)


def test_the_retry_limit_is_a_dated_parameter():
    with frozen(at(2026, 11, 1)):
        set_value(actor=user("admin"), key="service.visit_max_attempts", new_value=1,
                  effective_from=dt.date(2026, 11, 1))
    visit = record(visit_of(resolved_ticket(at(2026, 11, 24, 9))), at(2026, 11, 25, 10), reached=False)
    assert visit.status == "unreachable"


def test_a_time_agreed_with_the_customer_is_kept_even_in_the_quiet_hours():
    visit = visit_of(resolved_ticket(at(2026, 11, 24, 9)))
    with frozen(at(2026, 11, 24, 10)):
        agreed = visits.schedule_return_visit(actor=user("return_visit_agent"), visit=visit,
                                              call_at=at(2026, 11, 24, 12, 30), agreed=True, note="客户午休时方便")
    assert agreed.status == "reached" and agreed.agreed_time and agreed.scheduled_at == at(2026, 11, 24, 12, 30)
    assert agreed.attempts.get().reached is True
    with frozen(at(2026, 11, 24, 10)):
        planned = visits.schedule_return_visit(actor=user("return_visit_agent"), visit=agreed,
                                               call_at=at(2026, 11, 24, 21, 30))
    assert planned.scheduled_at == at(2026, 11, 25, 9, 0) and not planned.agreed_time
    done = record(planned, at(2026, 11, 25, 9, 5), reached=True, satisfied=True, score=5)
    assert done.attempt_count == 2 and done.status == "done"


def test_recording_twice_conflicts():
    visit = visit_of(resolved_ticket(at(2026, 11, 24, 9)))
    stale = ReturnVisit.objects.get(pk=visit.pk)
    record(visit, at(2026, 11, 25, 10), reached=True, satisfied=True, score=5)
    with frozen(at(2026, 11, 25, 10)), pytest.raises(VisitClosed) as exc:
        visits.record_return_visit(actor=user("cs_manager"), visit=stale, reached=True, satisfied=False, score=1,
                                   comment="x")
    assert exc.value.code == "visit_closed"
    assert ReturnVisit.objects.get(pk=visit.pk).satisfied is True


def test_a_new_resolution_after_a_reopen_plans_a_new_visit():
    ticket = resolved_ticket(at(2026, 11, 24, 9))
    record(visit_of(ticket), at(2026, 11, 25, 10), reached=True, satisfied=False, score=1, comment="没修好")
    with frozen(at(2026, 11, 26, 10)):
        ticket = services.start_work(actor=user("cs_agent"), ticket=ticket)
        ticket = services.resolve_ticket(actor=user("cs_agent"), ticket=ticket)
    assert ReturnVisit.objects.filter(ticket=ticket).count() == 2
    assert visit_of(ticket).due_at == at(2026, 11, 29, 10)


def test_cancel_needs_a_reason():
    visit = visit_of(resolved_ticket(at(2026, 11, 24, 9)))
    with pytest.raises(ValidationError):
        visits.cancel_return_visit(actor=user("cs_supervisor"), visit=visit, reason=" ")
    cancelled = visits.cancel_return_visit(actor=user("cs_supervisor"), visit=visit, reason="客户要求不再回访")
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "客户要求不再回访"


# -- the follow-up chain over the 2026 National Day holiday --------------------------------------------------------

def test_follow_up_steps_count_working_days_across_national_day():
    ticket = resolved_ticket(at(2026, 9, 28, 9), kind="complaint", agent="cs_agent")
    ticket.department = unit("aftersales")
    ticket.save(update_fields=["department"])
    visit = record(visit_of(ticket), at(2026, 9, 29, 10), reached=True, satisfied=False, score=2,
                   comment="喷头更换后仍有横纹")
    forward = FindingStep.objects.get(finding__visit=visit)
    assert forward.department.code == "aftersales"
    assert forward.due_at == at(2026, 10, 8, 10)  # 30 Sep, then 1–7 Oct off: 8 Oct

    with frozen(at(2026, 10, 8, 10)):
        visits.complete_step(actor=user("return_visit_agent"), step=forward, note="已发售后服务部")
    measures = FindingStep.objects.get(finding__visit=visit, kind="measures")
    assert measures.assignee == user("aftersales_manager")
    assert measures.due_at == at(2026, 10, 12, 10)  # 9 Oct, Saturday 10 Oct (调休), Monday 12 Oct
    assert Notification.objects.filter(recipient=user("aftersales_manager")).exists()

    with pytest.raises(ValidationError):
        visits.complete_step(actor=user("aftersales_manager"), step=measures, note="")
    with frozen(at(2026, 10, 12, 10)):
        visits.complete_step(actor=user("aftersales_manager"), step=measures, note="更换整批喷头并回访培训")
    revisit = FindingStep.objects.get(finding__visit=visit, kind="revisit")
    assert revisit.due_at == at(2026, 10, 26, 10)  # ten working days: two weeks
    follow_up = ReturnVisit.objects.get(follow_up_of=revisit)
    assert follow_up.source == "follow_up" and follow_up.due_at == revisit.due_at
    assert follow_up.assignee == user("return_visit_agent") and follow_up.ticket == ticket

    with pytest.raises(ValidationError):
        visits.complete_step(actor=user("return_visit_agent"), step=revisit, note="x")
    record(follow_up, at(2026, 10, 20, 10), reached=True, satisfied=True, score=5, comment="问题已彻底解决")
    revisit.refresh_from_db()
    assert revisit.status == "done" and "5" in revisit.note
    assert SatisfactionFinding.objects.get(visit=visit).status == "closed"


def test_forwarding_a_member_finding_needs_a_department_and_a_step_is_done_once():
    customer = make_customer(is_member=True)
    with frozen(at(2026, 11, 24, 10)):
        visits.plan_member_visits()
    visit = ReturnVisit.objects.get(customer=customer)
    record(visit, at(2026, 11, 24, 15), reached=True, satisfied=False, score=3, comment="配件价格太高")
    step = FindingStep.objects.get(finding__visit=visit)
    assert step.department is None
    with pytest.raises(ValidationError) as exc:
        visits.complete_step(actor=user("return_visit_agent"), step=step)
    assert "department" in exc.value.message_dict
    stale = FindingStep.objects.get(pk=step.pk)
    visits.complete_step(actor=user("return_visit_agent"), step=step, department=unit("aftersales"))
    with pytest.raises(StepClosed):
        visits.complete_step(actor=user("return_visit_agent"), step=stale, department=unit("aftersales"))


# -- members: 100 % coverage ---------------------------------------------------------------------------------------

def test_the_member_job_covers_every_member_once_per_interval():
    members = [make_customer(is_member=True, phone=f"1391234000{i}") for i in range(3)]
    make_customer(is_member=False)
    with frozen(at(2026, 11, 24, 10)):
        assert visits.plan_member_visits() == 3
        assert visits.plan_member_visits() == 0  # open visits are not doubled
        coverage = selectors.member_coverage()
    assert coverage.members >= 3 and {v.customer for v in ReturnVisit.objects.filter(source="member")} >= set(members)
    assert coverage.percent == 100.0
    planned = ReturnVisit.objects.filter(source="member", customer__in=members)
    assert {v.due_at for v in planned} == {at(2026, 11, 27, 10)}  # 3 working days
    for visit in planned:
        record(visit, at(2026, 11, 25, 10), reached=True, satisfied=True, score=5)
    with frozen(at(2027, 2, 21, 10)):  # 89 days later
        assert visits.plan_member_visits() == 0
    with frozen(at(2027, 2, 22, 10)):  # 90 days
        assert visits.plan_member_visits() == coverage.members


def test_the_member_interval_is_a_dated_parameter():
    make_customer(is_member=True)
    with frozen(at(2026, 11, 24, 10)):
        visits.plan_member_visits()
        set_value(actor=user("admin"), key="service.member_visit_interval_days", new_value=30,
                  effective_from=dt.date(2026, 11, 1))
    for visit in ReturnVisit.objects.filter(source="member"):
        record(visit, at(2026, 11, 25, 10), reached=True, satisfied=True, score=5)
    with frozen(at(2026, 12, 24, 10)):
        assert visits.plan_member_visits() >= 1


# -- the satisfaction link -----------------------------------------------------------------------------------------

def test_the_link_records_like_an_agent_and_only_once():
    ticket = resolved_ticket(at(2026, 11, 24, 9), kind="complaint")
    visit = visit_of(ticket)
    with frozen(at(2026, 11, 24, 10)):
        token = visits.issue_link(actor=user("return_visit_agent"), visit=visit)
    with frozen(at(2026, 11, 26, 10)):
        found = visits.links.visit_for(token)
        assert found == visit
        done = visits.record_return_visit(actor=None, visit=found, reached=True, satisfied=False, score=1,
                                          via="link")
    ticket.refresh_from_db()
    assert done.answered_via == "link" and done.completed_by is None and ticket.status == "reopened"
    assert "not satisfied" in ticket.events.get(to_status="reopened").reason.lower() or ticket.reopen_count == 1
    with frozen(at(2026, 11, 26, 11)):
        again = visits.links.visit_for(token)
        assert not again.is_open
        with pytest.raises(VisitClosed):
            visits.record_return_visit(actor=None, visit=again, reached=True, satisfied=True, score=5, via="link")


def test_an_expired_or_tampered_link_is_refused():
    visit = visit_of(resolved_ticket(at(2026, 11, 24, 9)))
    with frozen(at(2026, 11, 24, 10)):
        token = visits.issue_link(actor=user("return_visit_agent"), visit=visit)
    with frozen(at(2026, 12, 1, 9, 59)):
        assert visits.links.visit_for(token) == visit  # 7 days less a minute
    with frozen(at(2026, 12, 1, 10, 1)), pytest.raises(visits.LinkExpired):
        visits.links.visit_for(token)
    with pytest.raises(visits.LinkInvalid):
        visits.links.visit_for(token[:-2] + ("aa" if not token.endswith("aa") else "bb"))
    with pytest.raises(visits.LinkInvalid):
        visits.links.visit_for("not-a-token")


def test_the_link_is_mailed_when_the_visit_has_an_address(mailoutbox, django_capture_on_commit_callbacks):
    customer = make_customer(email="boss@caiyin.cn")
    visit = visit_of(resolved_ticket(at(2026, 11, 24, 9), customer=customer))
    no_mail = visit_of(resolved_ticket(at(2026, 11, 24, 9), phone="13700002222"))
    with django_capture_on_commit_callbacks(execute=True):
        assert visits.send_link(actor=user("return_visit_agent"), visit=visit, url="https://mc.example.com/s/x")
        assert not visits.send_link(actor=user("return_visit_agent"), visit=no_mail, url="https://x")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["boss@caiyin.cn"]
    assert "https://mc.example.com/s/x" in mailoutbox[0].body


def test_the_ticket_page_lists_only_visits_in_scope():
    ticket = resolved_ticket(at(2026, 11, 24, 9), kind="complaint")
    other = make_ticket("cs_manager", kind="inquiry")
    assert selectors.visits_of_ticket(user("cs_agent"), ticket) == [visit_of(ticket)]
    assert selectors.visits_of_ticket(user("cs_agent"), other) == []
