"""Org pages: scopes hold in the UI and exports, rights decide the buttons, HTMX gets only the table."""

import io

import pytest
from openpyxl import load_workbook

from apps.org.models import Employee, OrgUnit, Role
from core.models import AuditEvent
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

pytestmark = pytest.mark.django_db


def employee_id(username):
    return user(username).employee.pk


def test_anonymous_is_sent_to_login():
    response = web_as(None).get("/org/employees/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_org_chart_shows_the_tree_with_head_counts():
    html = web_as(p.NORTH_REP).get("/org/").content.decode()
    for name in ["营销中心", "客服中心", "售后服务部", "电话营销中心", "北京分公司", "深圳分公司", "投诉受理组"]:
        assert name in html
    assert "/org/units/new/" not in html  # no manage button for a rep


def test_employee_list_shows_only_scoped_rows_in_the_ui():
    html = web_as(p.BRANCH_GM).get("/org/employees/").content.decode()
    assert "周杰" in html and "孙伟" not in html  # south_rep visible, north_rep not


def test_employee_list_htmx_request_returns_only_the_table():
    response = web_as(p.DIRECTOR).get("/org/employees/?q=孔德", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table" in html and "<html" not in html and "孔德" in html


def test_employee_list_filters_by_unit_subtree():
    unit = OrgUnit.objects.get(code="cs-center")
    html = web_as(p.DIRECTOR).get(f"/org/employees/?unit={unit.pk}").content.decode()
    assert "蒋敏" in html and "孙伟" not in html


def test_employee_list_page_has_no_n_plus_one():
    client = web_as(p.DIRECTOR)
    client.get("/org/employees/")
    with max_queries(20):
        assert client.get("/org/employees/").status_code == 200


def test_employee_detail_out_of_scope_is_404():
    assert web_as(p.NORTH_REP).get(f"/org/employees/{employee_id(p.SOUTH_REP)}/").status_code == 404
    assert web_as(p.NORTH_REP).get("/org/employees/987654/").status_code == 404


def test_employee_detail_masks_the_phone_unless_allowed():
    target = user(p.NORTH_REP).employee
    digits = target.phone[3:]
    rep_html = web_as(p.NORTH_REP).get(f"/org/employees/{target.pk}/").content.decode()
    director_html = web_as(p.DIRECTOR).get(f"/org/employees/{target.pk}/").content.decode()
    assert f"{digits[:3]}****{digits[-4:]}" in rep_html and digits not in rep_html
    assert digits in director_html


def test_history_tab_shows_who_changed_what():
    employee = user(p.CS_AGENT).employee
    client = web_as(p.HR)
    client.post(f"/org/employees/{employee.pk}/edit/", {
        "name": employee.name, "org_unit": employee.org_unit_id, "level": "P5", "roles": ["cs_agent"],
        "phone": employee.phone, "email": "x@example.com",
    })
    html = client.get(f"/org/employees/{employee.pk}/?tab=history").content.decode()
    assert "P5" in html and "金玉" in html


def test_export_is_scoped_masked_and_audited():
    response = web_as(p.BRANCH_GM).get("/org/employees/export/")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.values)
    names = {row[1] for row in rows[1:]}
    assert names == {"周杰", "孔德", "曹霞", "恒信"}
    assert all("****" in row[6] for row in rows[1:])
    event = AuditEvent.objects.get(action="export")
    assert event.username == p.BRANCH_GM and event.detail["rows"] == 4


def test_creating_an_employee_needs_the_right():
    assert web_as(p.NORTH_REP).get("/org/employees/new/").status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied", username=p.NORTH_REP).exists()


def test_admin_creates_an_employee_through_the_form():
    unit = OrgUnit.objects.get(code="tm-team-2")
    response = web_as(p.SYSTEM_ADMIN).post("/org/employees/new/", {
        "username": "qian", "name": "钱七", "password": "Str0ng-Passw0rd!", "org_unit": unit.pk,
        "roles": ["telemarketing_agent"], "phone": "13900001111",
    })
    employee = Employee.objects.get(user__username="qian")
    assert response.status_code == 302 and response["Location"] == f"/org/employees/{employee.pk}/"
    assert employee.phone == "+8613900001111"


def test_bad_form_input_shows_errors_and_creates_nothing():
    before = Employee.objects.count()
    response = web_as(p.SYSTEM_ADMIN).post("/org/employees/new/", {
        "username": "sales_rep", "name": "", "password": "1", "org_unit": "", "phone": "abc"})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert Employee.objects.count() == before


def test_offboarding_from_the_detail_page():
    target = user(p.SOUTH_REP).employee
    web_as(p.HR).post(f"/org/employees/{target.pk}/offboard/", {"left_on": "2026-11-30"})
    target.refresh_from_db()
    assert target.status == "left" and not target.user.is_active


def test_role_edit_changes_the_scope():
    web_as(p.SYSTEM_ADMIN).post("/org/roles/kb_editor/", {"name": "知识库编辑", "name_en": "KB editor",
                                                          "data_scope": "team"})
    assert Role.objects.get(code="kb_editor").data_scope == "team"


def test_unit_form_creates_a_unit_under_a_parent():
    parent = OrgUnit.objects.get(code="branch-sz")
    web_as(p.SYSTEM_ADMIN).post("/org/units/new/", {"code": "sz-sales", "name": "深圳销售组", "kind": "group",
                                                    "parent": parent.pk, "sort_order": 1})
    unit = OrgUnit.objects.get(code="sz-sales")
    assert unit.parent == parent and unit.region == parent.region


def test_global_search_finds_employees_in_scope_only():
    target = f"/org/employees/{employee_id(p.SOUTH_REP)}/"
    html = web_as(p.NORTH_REP).get("/search/?q=周杰", HTTP_HX_REQUEST="true").content.decode()
    assert target not in html
    html = web_as(p.DIRECTOR).get("/search/?q=周杰", HTTP_HX_REQUEST="true").content.decode()
    assert target in html


def test_dashboard_shows_head_count_chart_for_staff():
    html = web_as(p.DIRECTOR).get("/").content.decode()
    assert 'id="headcount-chart"' in html and "data-chart" in html


def test_sidebar_hides_modules_the_user_may_not_see():
    rep_html = web_as(p.NORTH_REP).get("/").content.decode()
    admin_html = web_as(p.SYSTEM_ADMIN).get("/").content.decode()
    assert 'data-nav="audit-log"' not in rep_html and 'data-nav="audit-log"' in admin_html
    partner_html = web_as(p.PARTNER_A_USER).get("/").content.decode()
    assert 'data-nav="org-roles"' not in partner_html
