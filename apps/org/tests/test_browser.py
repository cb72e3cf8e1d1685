"""The organisation's pages in a real browser: login, dashboard, org chart, language, denials, lockout, masking.

Each test leaves full-page screenshots under var/screenshots/ for a human to look at.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from core.phones import national_digits
from core.testing import personas
from core.testing.browser import PHONE, log_in, screenshot

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")


def _employee(username: str):
    return get_user_model().objects.select_related("employee").get(username=username).employee


def test_login_page_is_chinese_and_admin_lands_on_the_dashboard_chart(page, live_server):
    # given a Chinese browser opening the site without a session
    page.goto(live_server.url + "/")

    # then it is sent to the login page, in Chinese
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#login-submit")).to_have_text("登录")
    expect(page.locator("label[for=id_username]")).to_have_text("用户名")
    expect(page.locator("label[for=id_password]")).to_have_text("密码")
    expect(page.locator("#login-language")).to_have_text("English")
    screenshot(page, "login-zh")

    # when the administrator logs in
    page.fill("#id_username", personas.ADMIN)
    page.fill("#id_password", personas.PASSWORD)
    page.click("#login-submit")

    # then the dashboard shows the head count and a rendered bar chart
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("#headcount-total")).to_have_text(re.compile(r"^\d+$"))
    chart = page.locator("#headcount-chart svg")
    expect(chart).to_be_visible()
    assert chart.locator("path").count() > 5, "the chart has no bars"
    screenshot(page, "dashboard")


def test_phone_layout_collapses_the_sidebar_into_a_toggler(new_page, live_server):
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + "/login/")
    screenshot(page, "login-mobile")
    log_in(page, live_server.url, personas.ADMIN)

    menu_link = page.locator("#sidebar-menu a[data-nav=org-chart]")
    expect(page.locator("#headcount-chart svg")).to_be_visible()
    expect(menu_link).to_be_hidden()
    no_sideways_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scroll, "the dashboard scrolls sideways on a phone"
    screenshot(page, "dashboard-mobile")

    page.click("aside .navbar-toggler")
    expect(menu_link).to_be_visible()
    screenshot(page, "menu-mobile")

    menu_link.click()
    expect(page.locator("#org-tree")).to_be_visible()
    screenshot(page, "org-chart-mobile")


def test_org_chart_unfolds_units_and_leads_to_the_employee_list_and_history(page, live_server):
    log_in(page, live_server.url, personas.ADMIN, next_path="/org/employees/")

    # given the org chart, opened from the menu
    page.click("#sidebar-menu a[data-nav=org-chart]")
    tree = page.locator("#org-tree")
    expect(tree).to_be_visible()

    # when a collapsed unit is unfolded, its groups appear; folded again, they hide
    cs_center = tree.locator("details", has=page.locator(":scope > summary", has_text="客服中心"))
    presales = tree.get_by_text("售前客服组", exact=True)
    expect(cs_center).not_to_have_attribute("open", "")
    expect(presales).to_be_hidden()
    cs_center.locator(":scope > summary").click()
    expect(presales).to_be_visible()
    screenshot(page, "org-chart")
    cs_center.locator(":scope > summary").click()
    expect(presales).to_be_hidden()

    # then each unit shows its head count: own, or own / with sub-units
    regional = tree.locator("li", has=page.get_by_text("大区域部", exact=True)).last
    expect(regional.locator("a.mc-headcount").first).to_have_text(re.compile(r"^0 / [1-9]\d*$"))
    regional.locator("summary").first.click()
    beijing = regional.locator("li", has=page.get_by_text("北京分公司", exact=True))
    headcount = beijing.locator("a.mc-headcount")
    expect(headcount).to_have_text(re.compile(r"^[1-9]\d*$"))
    staff = int(headcount.inner_text())

    # when the head count is clicked, the employee list is filtered to that unit
    headcount.click()
    expect(page).to_have_url(re.compile(r"/org/employees/\?unit=\d+$"))
    rows = page.locator("#employee-table tbody tr")
    expect(rows).to_have_count(staff)
    expect(page.locator("select[name=unit] option:checked")).to_have_text("北京分公司")
    screenshot(page, "employee-list")

    # when the search matches nobody, the table (only) is swapped for an empty state; a name finds the one person
    search = page.locator("#employee-table").locator("xpath=..").locator("input[name=q]")
    search.fill("查无此人")
    expect(page.locator("#employee-table .mc-empty")).to_be_visible()
    expect(page.locator("select[name=unit] option:checked")).to_have_text("北京分公司")
    screenshot(page, "employee-list-empty")
    search.fill("孙伟")
    expect(rows).to_have_count(1)

    # when an employee is opened, the detail page and its change history show; the menu still marks Employees
    page.get_by_role("link", name="孙伟").click()
    expect(page.locator(".page-title")).to_contain_text("孙伟")
    expect(page.locator("#sidebar-menu a[data-nav=org-employees]")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator(".datagrid")).to_contain_text("北京分公司")
    screenshot(page, "employee-detail")

    # when the administrator widens their data scope, the change history shows it, before → after
    page.select_option("select[name=scope]", "team")
    page.fill("input[name=reason]", "代管电话营销一组")
    page.click("form[action$='/scope/'] button")
    expect(page.locator(".alert-success")).to_be_visible()
    page.click("#tab-history")
    expect(page).to_have_url(re.compile(r"\?tab=history$"))
    entries = page.locator(".mc-diff > div")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("→")
    screenshot(page, "employee-history")


def test_language_switches_to_english_and_back(page, live_server):
    log_in(page, live_server.url, personas.ADMIN, next_path="/org/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "zh-hans")

    page.select_option("#language-switch", "en")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("#sidebar-menu a[data-nav=org-chart]")).to_have_text("Org chart")
    expect(page.locator("#language-switch")).to_have_value("en")
    screenshot(page, "org-chart-en")

    page.select_option("#language-switch", "zh-hans")
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#language-switch")).to_have_value("zh-hans")


def test_a_page_the_role_lacks_is_403_and_a_record_outside_scope_is_404(page, live_server):
    log_in(page, live_server.url, personas.NORTH_REP, next_path="/org/employees/")

    response = page.goto(live_server.url + "/audit/")
    assert response.status == 403
    expect(page.locator("#denied")).to_be_visible()
    expect(page.locator("#sidebar-menu")).to_be_attached()  # still inside the shell, with a way back
    screenshot(page, "denied")

    other_branch = _employee(personas.SOUTH_REP)
    response = page.goto(f"{live_server.url}/org/employees/{other_branch.pk}/")
    assert response.status == 404
    expect(page.locator("#not-found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(other_branch.name)
    screenshot(page, "not-found")


def test_repeated_failed_logins_lock_the_account(page, live_server):
    page.goto(live_server.url + "/login/")
    locked = page.locator("#locked-out")
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        page.fill("#id_username", personas.NORTH_REP)
        page.fill("#id_password", f"wrong-{attempt}")
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.click("#login-submit")
        if attempt < settings.AXES_FAILURE_LIMIT:
            expect(page.locator(".alert-danger")).to_be_visible()
            expect(locked).to_have_count(0)
    expect(locked).to_be_visible()
    screenshot(page, "locked-out")

    # even the right password does not get in now
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", personas.NORTH_REP)
    page.fill("#id_password", personas.PASSWORD)
    with page.expect_navigation():
        page.click("#login-submit")
    expect(locked).to_be_visible()


def test_phone_is_masked_for_a_sales_rep_and_full_for_the_admin(new_page, live_server):
    rep = _employee(personas.NORTH_REP)
    digits = national_digits(rep.phone)
    detail = f"{live_server.url}/org/employees/{rep.pk}/"

    rep_page = new_page()
    log_in(rep_page, live_server.url, personas.NORTH_REP, next_path=detail.removeprefix(live_server.url))
    phone = rep_page.locator("#employee-phone")
    expect(phone).to_have_text(f"{digits[:3]}****{digits[-4:]}")
    screenshot(rep_page, "employee-masked")

    admin_page = new_page()
    log_in(admin_page, live_server.url, personas.ADMIN, next_path=detail.removeprefix(live_server.url))
    expect(admin_page.locator("#employee-phone")).to_have_text(digits)
