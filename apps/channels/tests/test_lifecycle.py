"""Partner lifecycle services: every move is recorded; the trial ends on the calendar, with notice first."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.channels import services
from apps.channels.choices import PartnerStage
from apps.channels.tasks import SCHEDULES, run_trial_terms
from apps.channels.workflow import StateConflict
from apps.customers import services as customer_services
from core import rules as rule_data
from core.models import Notification
from core.testing import personas as p
from core.testing.helpers import user

from .factories import approve_both, make_application, make_partner

pytestmark = pytest.mark.django_db

MANAGER = p.DEPARTMENT_MANAGER
TERM_START = datetime.date(2026, 1, 1)
LAST_DAY = datetime.date(2026, 6, 29)  # day 180 of the seeded term


def trial(**kwargs):
    return make_partner(PartnerStage.TRIAL_DISTRIBUTOR, on=TERM_START, **kwargs)


def test_every_move_is_an_event_with_from_to_who_and_why():
    partner = make_partner(PartnerStage.DISTRIBUTOR)
    services.suspend_partner(actor=user(MANAGER), partner=partner, reason="货款逾期")
    services.resume_partner(actor=user(MANAGER), partner=partner, reason="已结清")
    services.terminate_partner(actor=user(p.DIRECTOR), partner=partner, reason="违约")
    events = [(e.from_stage, e.to_stage, e.actor.username if e.actor else None, e.reason)
              for e in partner.events.order_by("occurred_at", "id")]
    assert events == [("", "applicant", p.NORTH_REP, _("Application submitted")),
                      ("applicant", "distributor", MANAGER, _("Admitted")),
                      ("distributor", "suspended", MANAGER, "货款逾期"),
                      ("suspended", "distributor", MANAGER, "已结清"),
                      ("distributor", "terminated", p.DIRECTOR, "违约")]


@pytest.mark.parametrize("action", [services.suspend_partner, services.terminate_partner])
def test_suspension_and_termination_need_a_reason(action):
    with pytest.raises(ValidationError) as exc:
        action(actor=user(MANAGER), partner=make_partner(), reason="")
    assert "reason" in exc.value.message_dict


def test_a_terminated_partner_cannot_be_suspended():
    partner = make_partner(PartnerStage.TERMINATED)
    with pytest.raises(StateConflict):
        services.suspend_partner(actor=user(MANAGER), partner=partner, reason="x")


def test_termination_closes_the_portal_logins():
    partner = make_partner()
    contact = services_contact(partner)
    login = services.grant_portal_login(actor=user(MANAGER), partner=partner, contact=contact, username="alf_li",
                                        password="Str0ng-Passw0rd!")
    services.terminate_partner(actor=user(MANAGER), partner=partner, reason="违约")
    login.user.refresh_from_db()
    assert not login.user.is_active


def services_contact(partner):
    return customer_services.add_contact(actor=user(p.NORTH_REP), customer=partner.customer, name="李四",
                                         phone="13800001111", email="li@example.com")


def test_a_trial_runs_180_days_by_default():
    partner = trial()
    assert partner.trial_ends_on == LAST_DAY


def test_the_owner_is_told_7_days_before_the_trial_ends_and_only_once(django_capture_on_commit_callbacks):
    partner = trial()
    assert services.send_trial_notices(today=LAST_DAY - datetime.timedelta(days=8)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_trial_notices(today=LAST_DAY - datetime.timedelta(days=7)) == 1
    assert services.send_trial_notices(today=LAST_DAY - datetime.timedelta(days=6)) == 0
    note = Notification.objects.get(recipient=user(p.NORTH_REP), title__contains="2026-06-29")
    assert note.url == f"/channels/partners/{partner.pk}/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sales_rep@example.com"]


def test_the_notice_days_are_a_dated_parameter():
    rule_data.set_value(actor=None, key="channels.trial_notice_days", new_value=14,
                        effective_from=datetime.date(2026, 6, 1))
    trial()
    assert services.send_trial_notices(today=LAST_DAY - datetime.timedelta(days=14)) == 1


def test_the_trial_still_runs_on_its_last_day():
    partner = trial()
    assert services.expire_trials(today=LAST_DAY) == 0
    partner.refresh_from_db()
    assert partner.stage == PartnerStage.TRIAL_DISTRIBUTOR


def test_the_job_on_the_day_after_the_term_ends_the_trial():
    partner = trial()
    assert services.expire_trials(today=LAST_DAY + datetime.timedelta(days=1)) == 1
    partner.refresh_from_db()
    assert (partner.stage, partner.status_reason) == (PartnerStage.TERMINATED, _("Trial expired"))
    event = partner.events.first()
    assert (event.from_stage, event.to_stage, event.actor, event.reason) == ("trial_distributor", "terminated",
                                                                             None, _("Trial expired"))


def test_a_promoted_trial_does_not_expire():
    partner = trial()
    approve_both(make_application(customer=partner.customer, tier="distributor"))
    assert services.expire_trials(today=LAST_DAY + datetime.timedelta(days=30)) == 0
    partner.refresh_from_db()
    assert partner.stage == PartnerStage.DISTRIBUTOR


def test_a_trial_suspended_past_its_term_ends_too():
    partner = trial()
    services.suspend_partner(actor=user(MANAGER), partner=partner, reason="核查")
    services.expire_trials(today=LAST_DAY + datetime.timedelta(days=1))
    partner.refresh_from_db()
    assert partner.stage == PartnerStage.TERMINATED


def test_the_scheduled_job_runs_both_steps():
    assert {s.name for s in SCHEDULES} == {"channels.trial_terms", "channels.quarterly_scorecards"}
    assert run_trial_terms.call() == {"notified": 0, "expired": 0}


def test_a_territory_gets_its_sales_region():
    partner = make_partner(territories=("440000",))
    territory = services.add_territory(actor=user(MANAGER), partner=partner, province_code="440000",
                                       city_code="440100")
    assert territory.city == "广州市" and territory.region.code == "guangzhou"
    with pytest.raises(ValidationError):
        services.add_territory(actor=user(MANAGER), partner=partner, province_code="440000", city_code="440100")
    with pytest.raises(ValidationError):
        services.add_territory(actor=user(MANAGER), partner=partner, province_code="440000", city_code="110100")


def test_profile_changes_are_checked():
    partner = make_partner()
    with pytest.raises(ValidationError):
        services.update_partner(actor=user(MANAGER), partner=partner, authorised_from=datetime.date(2026, 2, 1),
                                authorised_until=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.update_partner(actor=user(MANAGER), partner=partner, status="agent")
    with pytest.raises(ValidationError):
        services.update_partner(actor=user(MANAGER), partner=partner, parent=partner)
