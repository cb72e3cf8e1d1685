"""Sales-process services: activities move the follow-up date, visits tick off plans, deals move by the table,
won dates the customer's deal, leads convert without duplicating customers, reminders are sent once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.customers import services
from apps.customers.choices import LeadStatus
from apps.customers.models import Customer, Lead, Opportunity
from apps.customers.pipeline_tasks import SCHEDULES, send_activity_reminders
from core.models import Notification
from core.testing import personas as p
from core.testing.helpers import user

from .pipeline_factories import log, make_opportunity, north_customer

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


# -- activities ------------------------------------------------------------------------------------------------

def test_logging_an_activity_moves_the_customers_last_follow_up_forward_only():
    customer = north_customer()
    log(customer, days_ago=3)
    first = Customer.objects.get(pk=customer.pk).last_activity_at
    assert abs(first - days_ago(3)) < datetime.timedelta(seconds=5)

    log(customer, days_ago=10)  # an older activity entered late does not move it back
    assert Customer.objects.get(pk=customer.pk).last_activity_at == first


def test_an_activity_dated_in_the_future_counts_as_a_follow_up_now_not_later():
    customer = north_customer()
    log(customer, days_ago=-5, kind="meeting")
    assert Customer.objects.get(pk=customer.pk).last_activity_at <= timezone.now()


def test_activity_records_owner_participants_and_reminder():
    customer = north_customer()
    remind = timezone.now() + datetime.timedelta(days=2)
    activity = log(customer, kind="meeting", next_step="寄样品", remind_at=remind,
                   participants=[user(p.REGIONAL_MANAGER)])
    assert activity.owner == user(p.NORTH_REP)
    assert list(activity.participants.all()) == [user(p.REGIONAL_MANAGER)]
    assert activity.remind_at == remind and activity.reminded_at is None


def test_an_activity_cannot_name_another_customers_contact_or_opportunity():
    customer, other = north_customer(), north_customer()
    contact = services.add_contact(actor=user(p.NORTH_REP), customer=other, name="李四")
    with pytest.raises(ValidationError) as exc:
        log(customer, contact=contact)
    assert "contact" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        log(customer, opportunity=make_opportunity(other))
    assert "opportunity" in exc.value.message_dict


def test_blank_subject_is_refused():
    with pytest.raises(ValidationError) as exc:
        log(north_customer(), subject="  ")
    assert "subject" in exc.value.message_dict


def test_changing_the_reminder_time_rearms_it():
    activity = log(north_customer(), remind_at=days_ago(1), next_step="回电")
    services.send_due_reminders()
    activity.refresh_from_db()
    assert activity.reminded_at is not None
    services.update_activity(actor=user(p.NORTH_REP), activity=activity, remind_at=timezone.now())
    activity.refresh_from_db()
    assert activity.reminded_at is None


def test_update_activity_refuses_fields_it_does_not_own():
    activity = log(north_customer())
    with pytest.raises(ValidationError):
        services.update_activity(actor=user(p.NORTH_REP), activity=activity, owner=user(p.SOUTH_REP))


# -- reminders -------------------------------------------------------------------------------------------------

def test_due_reminders_notify_the_owner_once():
    customer = north_customer(name="提醒测试有限公司")
    due = log(customer, next_step="发送正式报价", remind_at=days_ago(0.01))
    log(customer, next_step="以后再说", remind_at=timezone.now() + datetime.timedelta(hours=3))

    assert send_activity_reminders.call() == 1
    assert send_activity_reminders.call() == 0

    (note,) = Notification.objects.filter(recipient=user(p.NORTH_REP))
    assert "发送正式报价" in note.title and "提醒测试有限公司" in note.title
    due.refresh_from_db()
    assert due.reminded_at is not None


def test_the_reminder_job_runs_every_few_minutes():
    (schedule,) = SCHEDULES
    assert schedule.name == "customers.activity_reminders"
    assert schedule.every <= datetime.timedelta(minutes=5) and schedule.at is None


# -- visit plans -----------------------------------------------------------------------------------------------

def _monday():
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


def test_a_visit_ticks_off_the_reps_open_plan_for_that_customer_that_week():
    customer = north_customer()
    rep = user(p.NORTH_REP)
    plan = services.plan_visit(actor=rep, customer=customer, planned_on=_monday())
    later = services.plan_visit(actor=rep, customer=customer, planned_on=_monday() + datetime.timedelta(days=7))
    visit = services.log_activity(actor=rep, customer=customer, kind="visit", subject="拜访",
                                  occurred_at=timezone.make_aware(datetime.datetime.combine(
                                      _monday() + datetime.timedelta(days=2), datetime.time(10))))
    plan.refresh_from_db(), later.refresh_from_db()
    assert plan.activity == visit
    assert later.activity is None


def test_a_call_does_not_tick_off_a_visit_plan():
    customer = north_customer()
    plan = services.plan_visit(actor=user(p.NORTH_REP), customer=customer, planned_on=timezone.localdate())
    log(customer, kind="call")
    plan.refresh_from_db()
    assert plan.activity is None


def test_a_visit_for_a_given_plan_of_another_customer_is_refused():
    plan = services.plan_visit(actor=user(p.NORTH_REP), customer=north_customer(), planned_on=_monday())
    with pytest.raises(ValidationError):
        log(north_customer(), kind="visit", visit_plan=plan)


def test_the_same_visit_cannot_be_planned_twice_on_a_day():
    customer = north_customer()
    services.plan_visit(actor=user(p.NORTH_REP), customer=customer, planned_on=_monday())
    with pytest.raises(ValidationError) as exc:
        services.plan_visit(actor=user(p.NORTH_REP), customer=customer, planned_on=_monday())
    assert "planned_on" in exc.value.message_dict


def test_a_planned_visit_moves_and_goes_until_it_is_made():
    customer = north_customer()
    rep = user(p.NORTH_REP)
    plan = services.plan_visit(actor=rep, customer=customer, planned_on=_monday(), purpose="送样")
    plan = services.move_visit(actor=rep, plan=plan, planned_on=_monday() + datetime.timedelta(days=1))
    assert plan.planned_on == _monday() + datetime.timedelta(days=1)
    services.log_activity(actor=rep, customer=customer, kind="visit", subject="送样", visit_plan=plan)
    with pytest.raises(ValidationError):
        services.move_visit(actor=rep, plan=plan, planned_on=_monday())
    with pytest.raises(ValidationError):
        services.remove_visit(actor=rep, plan=plan)
    other = services.plan_visit(actor=rep, customer=customer, planned_on=_monday() + datetime.timedelta(days=3))
    services.remove_visit(actor=rep, plan=other)
    assert not type(other).objects.filter(pk=other.pk).exists()


# -- opportunities ---------------------------------------------------------------------------------------------

def test_a_new_opportunity_starts_at_an_open_stage_owned_by_the_actor():
    opportunity = make_opportunity(north_customer(), amount=Decimal("120000.50"))
    assert opportunity.stage == "approach" and opportunity.owner == user(p.NORTH_REP)
    assert opportunity.amount == Decimal("120000.50")
    with pytest.raises(ValidationError):
        services.create_opportunity(actor=user(p.NORTH_REP), customer=north_customer(), name="x", stage="won")


def test_a_negative_amount_is_refused():
    with pytest.raises(ValidationError) as exc:
        make_opportunity(north_customer(), amount=Decimal("-1"))
    assert "amount" in exc.value.message_dict


def test_lost_needs_a_reason_and_keeps_it():
    opportunity = make_opportunity(north_customer(), stage="present")
    with pytest.raises(ValidationError) as exc:
        services.move_opportunity(actor=user(p.NORTH_REP), opportunity=opportunity, stage="lost", lost_reason=" ")
    assert "lost_reason" in exc.value.message_dict
    lost = services.move_opportunity(actor=user(p.NORTH_REP), opportunity=opportunity, stage="lost",
                                     lost_reason="选择了竞争对手")
    assert lost.lost_reason == "选择了竞争对手" and lost.closed_at is not None


def test_won_closes_the_deal_and_dates_the_customers_last_deal():
    customer = north_customer()
    opportunity = make_opportunity(customer, stage="close")
    assert Customer.objects.get(pk=customer.pk).last_deal_at is None
    won = services.move_opportunity(actor=user(p.NORTH_REP), opportunity=opportunity, stage="won")
    assert won.closed_at is not None
    assert Customer.objects.get(pk=customer.pk).last_deal_at == won.closed_at


def test_a_won_deal_is_final():
    opportunity = make_opportunity(north_customer(), stage="won")
    with pytest.raises(ValidationError) as exc:
        services.move_opportunity(actor=user(p.NORTH_REP), opportunity=opportunity, stage="close")
    assert exc.value.error_dict["stage"][0].code == "invalid_transition"


def test_reopening_a_lost_deal_clears_its_reason_and_close_date():
    opportunity = make_opportunity(north_customer(), stage="lost")
    reopened = services.move_opportunity(actor=user(p.NORTH_REP), opportunity=opportunity, stage="learn")
    assert (reopened.stage, reopened.lost_reason, reopened.closed_at) == ("learn", "", None)


def test_every_stage_change_is_in_the_history():
    opportunity = make_opportunity(north_customer())
    for stage in ["learn", "present", "learn", "close"]:
        services.move_opportunity(actor=user(p.NORTH_REP), opportunity=opportunity, stage=stage)
    stages = list(Opportunity.history.filter(id=opportunity.pk).order_by("history_id").values_list("stage", flat=True))
    assert stages == ["approach", "learn", "present", "learn", "close"]


def test_moving_onto_a_card_puts_it_above_and_shifts_the_column():
    customer = north_customer()
    a, b, c = (make_opportunity(customer, stage="learn") for _ in range(3))
    column = lambda: list(Opportunity.objects.filter(pk__in=[a.pk, b.pk, c.pk]).order_by("position", "-id")  # noqa: E731
                          .values_list("pk", flat=True))
    assert column() == [a.pk, b.pk, c.pk]
    b.refresh_from_db()
    services.move_opportunity(actor=user(p.NORTH_REP), opportunity=c, stage="learn", position=b.position)
    assert column() == [a.pk, c.pk, b.pk]
    services.move_opportunity(actor=user(p.NORTH_REP), opportunity=a, stage="learn")  # no place: the end
    assert column() == [c.pk, b.pk, a.pk]


def test_the_stage_cannot_change_through_update():
    opportunity = make_opportunity(north_customer())
    with pytest.raises(ValidationError):
        services.update_opportunity(actor=user(p.NORTH_REP), opportunity=opportunity, stage="won")


def test_handing_a_deal_to_another_rep_tells_them():
    opportunity = make_opportunity(north_customer())
    services.update_opportunity(actor=user(p.REGIONAL_MANAGER), opportunity=opportunity, owner=user(p.SOUTH_REP))
    assert Notification.objects.filter(recipient=user(p.SOUTH_REP), title__contains=opportunity.name).exists()


# -- leads -----------------------------------------------------------------------------------------------------

def make_lead(**fields):
    fields.setdefault("name", "王海")
    fields.setdefault("company", "苏州鑫彩包装有限公司")
    fields.setdefault("phone", "170 1234 5678")
    return services.create_lead(actor=user(p.NORTH_REP), source="trade_fair", interest="UV平板打印机", **fields)


def test_a_lead_is_stored_with_a_normalised_phone_and_the_owners_unit():
    lead = make_lead()
    assert lead.phone == "+8617012345678" and lead.status == "new"
    assert lead.owner == user(p.NORTH_REP) and lead.org_unit.name == "北京分公司"
    with pytest.raises(ValidationError) as exc:
        make_lead(phone="not a phone")
    assert "phone" in exc.value.message_dict


@pytest.mark.parametrize(("fields", "error"), [
    ({"province_code": "999999"}, "province_code"), ({"city_code": "110000"}, "city_code"),
    ({"province_code": "440000", "city_code": "320500"}, "city_code"),
])
def test_a_lead_with_a_wrong_place_is_refused(fields, error):
    with pytest.raises(ValidationError) as exc:
        make_lead(**fields)
    assert error in exc.value.message_dict


def test_converting_a_lead_creates_the_customer_with_its_contact_and_an_opportunity():
    lead = make_lead(province_code="320000", city_code="320500")
    customer, opportunity = services.convert_lead(actor=user(p.NORTH_REP), lead=lead, amount=Decimal("80000"))
    assert customer.name == "苏州鑫彩包装有限公司" and customer.owner == user(p.NORTH_REP)
    assert customer.phone == "+8617012345678" and customer.city == "苏州市"
    assert [c.name for c in customer.contacts.all()] == ["王海"]
    assert (opportunity.customer, opportunity.stage, opportunity.amount) == (customer, "approach", Decimal("80000"))
    assert opportunity.products == "UV平板打印机" and opportunity.source == "trade_fair"
    lead.refresh_from_db()
    assert (lead.status, lead.customer, lead.opportunity) == (LeadStatus.CONVERTED, customer, opportunity)


def test_converting_a_lead_whose_phone_is_a_known_customers_links_to_it():
    existing = north_customer(phone="13911112222")
    lead = make_lead(company="另一个名字有限公司", phone="139-1111-2222")
    before = Customer.objects.count()
    customer, opportunity = services.convert_lead(actor=user(p.NORTH_REP), lead=lead)
    assert customer == existing and opportunity.customer == existing
    assert Customer.objects.count() == before


def test_a_converted_lead_cannot_be_converted_or_disqualified_again():
    lead = make_lead()
    services.convert_lead(actor=user(p.NORTH_REP), lead=lead)
    with pytest.raises(ValidationError):
        services.convert_lead(actor=user(p.NORTH_REP), lead=lead)
    with pytest.raises(ValidationError):
        services.disqualify_lead(actor=user(p.NORTH_REP), lead=lead, reason="重复")


def test_disqualifying_needs_a_reason():
    lead = make_lead()
    with pytest.raises(ValidationError) as exc:
        services.disqualify_lead(actor=user(p.NORTH_REP), lead=lead, reason="")
    assert "reason" in exc.value.message_dict
    lead = services.disqualify_lead(actor=user(p.NORTH_REP), lead=lead, reason="同行询价")
    assert (lead.status, lead.disqualified_reason) == ("disqualified", "同行询价")


def test_assigning_a_lead_moves_it_to_the_reps_unit_and_tells_them():
    lead = make_lead()
    services.assign_lead(actor=user(p.DIRECTOR), lead=lead, owner=user(p.SOUTH_REP))
    lead = Lead.objects.get(pk=lead.pk)
    assert lead.owner == user(p.SOUTH_REP) and lead.org_unit.name == "广州分公司"
    assert Notification.objects.filter(recipient=user(p.SOUTH_REP), title__contains="苏州鑫彩").exists()


def test_marking_a_lead_contacted_happens_once():
    lead = services.mark_lead_contacted(actor=user(p.NORTH_REP), lead=make_lead())
    assert lead.status == "contacted"
    with pytest.raises(ValidationError):
        services.mark_lead_contacted(actor=user(p.NORTH_REP), lead=lead)
