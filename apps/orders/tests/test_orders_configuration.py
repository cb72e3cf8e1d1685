"""The order path keeps rule values and the working calendar in the process (core.config_cache); an administrator's
change — here, or in another process — is seen by the very next order."""

import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone

from core import calendars, config_cache, rules, versions
from core.models import OfficialDay, RuleValue
from core.testing.helpers import user

from ..rules_orders import add_working_days
from .factories_orders import make_catalogue, plain_customer, submitted

pytestmark = pytest.mark.django_db
SHIP_DAYS = "orders.within_quota_ship_days"


@pytest.fixture
def cat():
    return make_catalogue(stock=5)


def promised_for(days: int) -> datetime.date:
    return add_working_days(timezone.localdate(), days, calendars.get_calendar().is_working_day)


def first_working_day_after_today() -> datetime.date:
    return add_working_days(timezone.localdate(), 1, calendars.get_calendar().is_working_day)


def test_a_new_ship_days_value_applies_to_the_next_submission(cat):
    customer = plain_customer()
    assert submitted(customer, cat["machine"]).promised_date == promised_for(7)
    rules.set_value(actor=user("admin"), key=SHIP_DAYS, new_value=10, effective_from=timezone.localdate())
    assert submitted(customer, cat["machine"]).promised_date == promised_for(10)


def test_a_ship_days_value_set_by_another_process_applies_to_the_next_submission(cat):
    customer = plain_customer()
    submitted(customer, cat["machine"])
    RuleValue.objects.filter(key=SHIP_DAYS).update(value=3)  # written by another process: no signal here
    caches[versions.ALIAS].set(config_cache.TOKEN, "changed-elsewhere", timeout=None)
    assert submitted(customer, cat["machine"]).promised_date == promised_for(3)


def test_a_new_company_holiday_moves_the_next_promise(cat):
    customer = plain_customer()
    before = submitted(customer, cat["machine"]).promised_date
    calendars.set_extra_day(actor=user("admin"), calendar=calendars.list_calendars().get(is_default=True),
                            date=first_working_day_after_today(), is_working_day=False, name="Stocktaking")
    after = submitted(customer, cat["machine"]).promised_date
    assert after == promised_for(7) and after > before


def test_a_new_official_holiday_moves_the_next_promise(cat):
    customer = plain_customer()
    before = submitted(customer, cat["machine"]).promised_date
    calendars.create_official_day(actor=user("admin"), date=first_working_day_after_today(), is_working_day=False,
                                  name="Extra holiday")
    assert submitted(customer, cat["machine"]).promised_date > before


def test_an_official_holiday_entered_by_another_process_moves_the_next_promise(cat):
    customer = plain_customer()
    before = submitted(customer, cat["machine"]).promised_date
    OfficialDay.objects.bulk_create([OfficialDay(date=first_working_day_after_today(), is_working_day=False,
                                                 name="Entered elsewhere")])
    caches[versions.ALIAS].set(config_cache.TOKEN, "changed-elsewhere", timeout=None)
    assert submitted(customer, cat["machine"]).promised_date > before

