"""Rule values and working calendars kept in the process (core.config_cache): read once, and seen afresh at once
after a change — made here, by the admin site, or by another process (which replaces the shared token)."""

import datetime

import pytest
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from core import calendars, config_cache, rules, versions
from core.models import OfficialDay, RuleValue
from core.testing.helpers import user

pytestmark = pytest.mark.django_db
KEY = "orders.within_quota_ship_days"
SEEDED = 7  # domain.md: ship within 7 working days
FAR_DAY = datetime.date(2031, 3, 4)  # a Tuesday, in a year no official day is entered for


def another_process_changed_configuration():
    """What a change committed in another worker process leaves behind: a new shared token."""
    caches[versions.ALIAS].set(config_cache.TOKEN, "changed-elsewhere", timeout=None)


def test_rule_values_are_read_once_and_then_kept(django_assert_num_queries):
    rules.value(KEY)
    with django_assert_num_queries(0):
        assert rules.value(KEY) == SEEDED
        assert rules.value("orders.beyond_quota_lead_days") == rules.value("orders.beyond_quota_lead_days")


def test_a_value_set_through_the_service_is_seen_at_once():
    today = timezone.localdate()
    assert rules.value(KEY, today) == SEEDED
    rules.set_value(actor=user("admin"), key=KEY, new_value=10, effective_from=today)
    assert rules.value(KEY, today) == 10
    assert rules.value(KEY, today - datetime.timedelta(days=1)) == SEEDED


def test_a_value_saved_directly_as_the_admin_site_does_is_seen_at_once():
    assert rules.value(KEY) == SEEDED
    RuleValue.objects.create(key=KEY, value=12, effective_from=timezone.localdate())
    assert rules.value(KEY) == 12


def test_a_value_changed_by_another_process_is_seen_once_its_token_is_replaced():
    assert rules.value(KEY) == SEEDED
    RuleValue.objects.filter(key=KEY).update(value=9)  # no signal in this process: the other process's write
    assert rules.value(KEY) == SEEDED  # kept: nothing told this process yet
    another_process_changed_configuration()
    assert rules.value(KEY) == 9


def test_a_change_rolled_back_leaves_nothing_behind():
    today = timezone.localdate()
    assert rules.value(KEY, today) == SEEDED
    with pytest.raises(RuntimeError), transaction.atomic():
        rules.set_value(actor=user("admin"), key=KEY, new_value=11, effective_from=today)
        assert rules.value(KEY, today) == 11
        raise RuntimeError
    assert rules.value(KEY, today) == SEEDED


def test_a_kept_mapping_cannot_be_changed_by_a_caller():
    discounts = rules.value("catalog.grade_discounts")
    discounts["A"] = "99"
    assert rules.value("catalog.grade_discounts")["A"] != "99"


def test_the_token_is_replaced_when_the_change_commits(django_capture_on_commit_callbacks):
    before = caches[versions.ALIAS].get(config_cache.TOKEN) or versions.current(config_cache.TOKEN)
    with django_capture_on_commit_callbacks(execute=True):
        rules.set_value(actor=user("admin"), key=KEY, new_value=8, effective_from=timezone.localdate())
    assert caches[versions.ALIAS].get(config_cache.TOKEN) != before


def test_the_calendar_is_built_once_and_then_kept(django_assert_num_queries):
    calendars.get_calendar()
    with django_assert_num_queries(0):
        assert calendars.get_calendar().is_working_day(FAR_DAY)


def test_an_official_day_entered_through_the_service_is_seen_at_once():
    assert calendars.get_calendar().is_working_day(FAR_DAY)
    calendars.create_official_day(actor=user("admin"), date=FAR_DAY, is_working_day=False, name="Test holiday")
    assert not calendars.get_calendar().is_working_day(FAR_DAY)


def test_a_company_day_is_seen_at_once():
    default = calendars.list_calendars().get(is_default=True)
    assert calendars.get_calendar().is_working_day(FAR_DAY)
    calendars.set_extra_day(actor=user("admin"), calendar=default, date=FAR_DAY, is_working_day=False, name="Outing")
    assert not calendars.get_calendar().is_working_day(FAR_DAY)
    assert not calendars.get_calendar(default.pk).is_working_day(FAR_DAY)


def test_an_official_day_entered_by_another_process_is_seen_once_its_token_is_replaced():
    assert calendars.get_calendar().is_working_day(FAR_DAY)
    OfficialDay.objects.bulk_create([OfficialDay(date=FAR_DAY, is_working_day=False, name="Elsewhere")])
    assert calendars.get_calendar().is_working_day(FAR_DAY)  # kept: nothing told this process yet
    another_process_changed_configuration()
    assert not calendars.get_calendar().is_working_day(FAR_DAY)
