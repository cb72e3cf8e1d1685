"""The customer archive in a real browser: a rep adds a customer with the cascading address, finds it by pinyin,
opens the 360 page; a director reveals a phone; composition charts render.

Each test leaves full-page screenshots under var/screenshots/ for a human to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from core.testing import personas
from core.testing.browser import PHONE, log_in, open_folded, screenshot, wait_for_htmx

from .factories import make_customer

pytestmark = pytest.mark.browser


def test_a_rep_adds_a_customer_with_the_cascading_address(page, live_server):
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/")
    expect(page.locator("#customer-table .mc-empty")).to_be_visible()
    screenshot(page, "customer-list-empty")

    # when the rep opens the form from the list and types what the caller says
    page.click("#new-customer")
    page.fill("#id_name", "深圳宏图包装有限公司")
    page.select_option("#id_kind", "industry")
    page.fill("#id_phone", "136 0000 1111")
    page.fill("#id_contact_name", "刘洋")

    # then choosing the province loads its cities, and the city its districts
    expect(page.locator("#id_city_code option")).to_have_count(1)
    page.select_option("#id_province_code", label="广东省")
    expect(page.locator("#id_city_code option", has_text="深圳市")).to_have_count(1)
    wait_for_htmx(page)
    page.select_option("#id_city_code", label="深圳市")
    expect(page.locator("#id_district_code option", has_text="南山区")).to_have_count(1)
    wait_for_htmx(page)
    page.select_option("#id_district_code", label="南山区")
    expect(page.locator("#id_province_code")).to_have_value("440000")
    page.fill("#id_address", "科技园科技路1号")
    page.select_option("#id_source", "trade_fair")
    open_folded(page, "#toggle-basic")
    page.fill("#id_industry", "包装")
    screenshot(page, "customer-form")

    # when saved, the 360 page shows the address, the derived region and a masked phone
    page.click("#save")
    expect(page).to_have_url(re.compile(r"/customers/\d+/$"))
    expect(page.locator("#customer-name")).to_have_text("深圳宏图包装有限公司")
    expect(page.locator("#customer-address")).to_contain_text("广东省 深圳市 南山区 科技园科技路1号")
    expect(page.locator(".page-header")).to_contain_text("深圳大区")
    expect(page.locator("#customer-phone")).to_have_text("136****1111")
    expect(page.locator("#customer-phone .mc-reveal")).to_have_count(0)
    screenshot(page, "customer-detail")

    # and the contacts tab, swapped in place, has the contact person
    page.click("#customer-tabs a[data-tab=contacts]")
    expect(page).to_have_url(re.compile(r"\?tab=contacts$"))
    expect(page.locator("#contact-table")).to_contain_text("刘洋")

    # when a second contact is added from the folded form, it is listed with a masked phone
    open_folded(page, "#show-contact-form")
    page.fill("#contact-form input[name=name]", "陈静")
    page.fill("#contact-form input[name=title]", "采购经理")
    page.fill("#contact-form input[name=phone]", "137 0000 2222")
    page.click("#add-contact")
    expect(page.locator("#contact-table tbody tr")).to_have_count(2)
    expect(page.locator("#contact-table")).to_contain_text("137****2222")
    screenshot(page, "customer-contacts")


def test_pinyin_and_phone_digits_find_the_customer(page, live_server):
    make_customer(name="北京艾礼富科技有限公司", phone="13812345678", grade="A", kind="partner",
                  province_code="110000", city_code="110100", district_code="110105", annual_purchase="1800000")
    for name in ["北京鑫源印务有限公司", "北京博雅彩色印刷有限公司", "上海华印包装有限公司"]:
        make_customer(name=name, province_code="110000", city_code="110100")
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/")
    rows = page.locator("#customer-table tbody tr")
    expect(rows).to_have_count(4)

    page.fill("#customer-search", "bjalf")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("北京艾礼富科技有限公司")
    expect(page).to_have_url(re.compile(r"q=bjalf"))
    screenshot(page, "customer-list-pinyin")

    page.fill("#customer-search", "5678")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("138****5678")

    page.fill("#customer-search", "")
    expect(rows).to_have_count(4)
    page.click("th a.mc-sort >> text=名称")  # by pinyin: beijing ailifu, boya, xinyuan, shanghai
    expect(rows.last).to_contain_text("上海华印")
    expect(rows.first).to_contain_text("北京艾礼富")
    page.click("th a.mc-sort >> text=名称")
    expect(rows.first).to_contain_text("上海华印")
    screenshot(page, "customer-list")


def test_a_director_reveals_a_phone_and_reads_the_composition(page, live_server):
    customer = make_customer(name="北京艾礼富科技有限公司", phone="13812345678", grade="A",
                             annual_purchase="1800000", province_code="110000", city_code="110100")
    make_customer(name="广州恒信印务器材有限公司", owner=personas.SOUTH_REP, grade="B", annual_purchase="400000",
                  province_code="440000", city_code="440100")
    log_in(page, live_server.url, personas.DIRECTOR, next_path=f"/customers/{customer.pk}/")
    phone = page.locator("#customer-phone")
    expect(phone).to_have_text("138****5678")
    phone.locator(".mc-reveal").click()
    expect(phone).to_have_text("13812345678")
    page.click("#find-duplicates")
    expect(page.locator("#no-duplicates")).to_be_visible()
    screenshot(page, "customer-detail-director")

    page.click("#sidebar-menu a[data-nav=customer-composition]")
    expect(page.locator("#chart-grade svg")).to_be_visible()
    expect(page.locator("#chart-region svg")).to_be_visible()
    screenshot(page, "customer-composition")
    page.click("#metric-revenue")
    expect(page).to_have_url(re.compile(r"metric=revenue"))
    expect(page.locator("#chart-grade svg")).to_be_visible()


def test_handover_previews_then_moves_a_reps_customers(page, live_server):
    for _ in range(3):
        make_customer()
    log_in(page, live_server.url, personas.DIRECTOR, next_path="/customers/handover/")
    page.select_option("#id_from_owner", label="孙伟 · 北京分公司")
    expect(page.locator("#handover-count")).to_contain_text("3")
    page.select_option("#id_to_owner", label="周杰 · 广州分公司")
    page.fill("#id_reason", "调岗")
    screenshot(page, "customer-handover")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#confirm-handover")
    expect(page.locator(".alert-success")).to_contain_text("周杰")


def test_the_list_fits_a_phone(new_page, live_server):
    make_customer(name="北京艾礼富科技有限公司", province_code="110000", city_code="110100")
    page = new_page(viewport=PHONE)
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/customers/")
    expect(page.locator("#customer-table tbody tr")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the list scrolls sideways"
    screenshot(page, "customer-list-mobile")
