"""Archive reads: search (name, pinyin, phone digits, contacts), screen-pop, scope, composition, duplicates."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.customers import selectors, services
from apps.customers.models import Activity, Opportunity
from apps.org import selectors as org_selectors
from core.testing import personas as p
from core.testing.helpers import english, max_queries, user

from .factories import make_customer

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _in_english(settings):
    """These tests read the English labels."""
    with english(settings):
        yield



def names(queryset) -> set[str]:
    return {c.name for c in queryset}


@pytest.fixture
def alf():
    return make_customer(name="北京艾礼富科技有限公司", phone="13812345678",
                         contacts=[{"name": "王建军", "phone": "010-6512-3456"}])


@pytest.fixture
def other():
    return make_customer(name="广州恒信印务器材有限公司", phone="13698765432")


# -- search ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "艾礼富",  # name substring
    "bjalf",  # pinyin first letters, as a prefix
    "alf",  # first letters, inside
    "BJALF",  # any case
    "beijingailifu",  # full pinyin
    "ailifu",  # full pinyin inside
    "5678",  # the last four digits of the phone
    "138 1234",  # a prefix, typed with a space
    "+86 138-1234-5678",  # the whole number in another format
    "3456",  # the end of a contact's phone
    "建军",  # a contact's name
])
def test_search_finds_the_customer_by(text, alf, other):
    assert names(selectors.list_customers_for(user(p.DIRECTOR), search=text)) == {alf.name}


def test_search_with_fewer_than_four_digits_does_not_match_phones(alf):
    assert not selectors.list_customers_for(user(p.DIRECTOR), search="678").exists()


def test_phone_suffix_search_uses_the_reversed_digits_index(alf):
    sql = str(selectors.list_customers_for(user(p.DIRECTOR), search="5678").query)
    assert re.search(r'"phone_reversed" >= 8765 AND \S+"phone_reversed" < 8766', sql)
    assert '"name" LIKE' not in sql  # a phone search never reads every customer's name


@pytest.mark.parametrize(("phone", "text"), [("13812349999", "9999"), ("13812348999", "8999"), ("19992345678", "1999")])
def test_phone_search_where_the_digits_end_in_nines(phone, text):
    wanted = make_customer(name="上海九久印务有限公司", phone=phone)
    make_customer(name="上海十全印务有限公司", phone="13812340000")
    assert names(selectors.list_customers_for(user(p.DIRECTOR), search=text)) == {wanted.name}


def test_search_by_credit_code():
    customer = make_customer(credit_code="91110105MA01ABCD1X")
    assert names(selectors.list_customers_for(user(p.DIRECTOR), search="91110105ma01abcd1x")) == {customer.name}


def test_filters_combine_and_sort_by_pinyin():
    make_customer(name="北京鑫源印务有限公司", kind="industry", grade="A", is_member=True)
    make_customer(name="北京博雅印务有限公司", kind="industry", grade="A")
    make_customer(name="北京德信印务有限公司", kind="company", grade="A")
    found = selectors.list_customers_for(user(p.DIRECTOR), kind="industry", grade="A", sort="name")
    assert [c.name for c in found] == ["北京博雅印务有限公司", "北京鑫源印务有限公司"]
    assert names(selectors.list_customers_for(user(p.DIRECTOR), member=True)) == {"北京鑫源印务有限公司"}


def test_owner_filter_takes_the_employee_id():
    mine = make_customer()
    make_customer(owner=p.SOUTH_REP)
    employee_id = user(p.NORTH_REP).employee.pk
    assert names(selectors.list_customers_for(user(p.DIRECTOR), owner=employee_id)) == {mine.name}


# -- scope ----------------------------------------------------------------------------------------------------------

def test_a_rep_sees_only_own_customers(alf, other):
    south_own = make_customer(owner=p.SOUTH_REP)
    assert names(selectors.list_customers_for(user(p.SOUTH_REP))) == {south_own.name}


def test_a_regional_manager_sees_the_region_and_the_branch():
    in_region = make_customer(owner=p.SOUTH_REP, province_code="130000", city_code="130100")  # 石家庄: 北京大区
    of_branch = make_customer()  # sales_rep of 北京分公司
    make_customer(owner=p.SOUTH_REP, province_code="440000", city_code="440100")
    assert names(selectors.list_customers_for(user(p.REGIONAL_MANAGER))) == {in_region.name, of_branch.name}


def test_a_partner_user_sees_only_its_company_records(alf):
    unit = org_selectors.partner_unit_of(user(p.PARTNER_A_USER))
    served = make_customer(partner_unit=unit)
    assert names(selectors.list_customers_for(user(p.PARTNER_A_USER))) == {served.name}
    assert not selectors.list_customers_for(user(p.PARTNER_B_USER)).exists()


def test_merged_customers_disappear_from_lists():
    keep, gone = make_customer(), make_customer()
    services.merge_customers(actor=user(p.DIRECTOR), keep=keep, duplicate=gone)
    assert names(selectors.list_customers_for(user(p.DIRECTOR))) == {keep.name}


# -- screen-pop lookup ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["+86 138-1234-5678", "13812345678", "008613812345678", "+8613812345678",
                                   "１３８１２３４５６７８", "138 1234 5678"])
def test_lookup_accepts_common_formats(typed, alf):
    assert selectors.phone_card_for(user(p.CS_AGENT), typed).customer == alf


def test_lookup_matches_a_contacts_landline(alf):
    assert selectors.phone_card_for(user(p.CS_AGENT), "(010) 6512-3456").customer == alf


@pytest.mark.parametrize("typed", ["5678", "13812345679", "", "not a phone"])
def test_lookup_needs_the_exact_number(typed, alf):
    assert selectors.phone_card_for(user(p.CS_AGENT), typed) is None


def test_lookup_is_scoped(alf):
    assert selectors.phone_card_for(user(p.SOUTH_REP), "13812345678") is None


def _activities_and_opportunities(customer):
    rep = user(p.NORTH_REP)
    for day in range(7):
        Activity.objects.create(customer=customer, kind="call", subject=f"电话{day}", owner=rep,
                                occurred_at=timezone.now() - datetime.timedelta(days=day))
    Opportunity.objects.create(customer=customer, name="新机报价", owner=rep, stage="present")
    Opportunity.objects.create(customer=customer, name="已成交", owner=rep, stage="won")


def test_the_card_has_contacts_last_five_activities_and_open_opportunities_in_few_queries(alf):
    _activities_and_opportunities(alf)
    manager = user(p.CS_MANAGER)
    manager.has_perm("customers.view_customer")  # a request has resolved the rights and scope before
    selectors.phone_card_for(manager, "13000000000")
    with max_queries(5):
        card = selectors.phone_card_for(manager, "13812345678")
    assert [a.subject for a in card.activities] == ["电话0", "电话1", "电话2", "电话3", "电话4"]
    assert [c.name for c in card.contacts] == ["王建军"]
    assert [(i.kind, i.title) for i in card.open_items] == [("opportunity", "新机报价")]


def test_the_card_leaves_out_opportunities_for_roles_that_may_not_see_them(alf):
    _activities_and_opportunities(alf)
    assert selectors.phone_card_for(user(p.CS_AGENT), "13812345678").open_items == []


# -- composition and duplicates ---------------------------------------------------------------------------------------

def test_composition_counts_and_sums_the_users_customers():
    make_customer(grade="A", annual_purchase=Decimal("1200000"))
    make_customer(grade="A", annual_purchase=Decimal("1000000"))
    make_customer(grade="C", annual_purchase=Decimal("60000"))
    make_customer(owner=p.SOUTH_REP, grade="B", annual_purchase=Decimal("400000"))
    rows = selectors.composition_for(user(p.NORTH_REP), "grade")
    assert [(r["label"], r["count"], r["revenue"]) for r in rows] == [
        ("A", 2, Decimal("2200000")), ("C", 1, Decimal("60000"))]


def test_composition_labels_kinds_and_regions_and_unknown_values():
    make_customer(kind="industry", province_code="440000", city_code="440300")
    make_customer(kind="industry")
    by_kind = selectors.composition_for(user(p.DIRECTOR), "kind")
    assert [(r["key"], r["count"]) for r in by_kind] == [("industry", 2)]
    by_region = {r["label"]: r["count"] for r in selectors.composition_for(user(p.DIRECTOR), "region")}
    assert by_region == {"Shenzhen region": 1, "Not set": 1}


def test_composition_refuses_an_unknown_dimension():
    with pytest.raises(ValidationError):
        selectors.composition_for(user(p.DIRECTOR), "owner")


def test_find_duplicates_gives_the_reasons(alf):
    same_contact_phone = make_customer(phone="01065123456", allow_duplicate=True)
    same_name = make_customer(name="北京艾礼富科技有限责任公司", allow_duplicate=True)
    make_customer(name="无关客户有限公司")
    found = dict(selectors.find_duplicates_for(user(p.DIRECTOR), alf))
    assert found == {same_contact_phone: ["same phone"], same_name: ["same name"]}
