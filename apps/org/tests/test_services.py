import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from apps.org import services
from apps.org.models import Employee, OrgUnit, Role
from apps.org.roles import ROLES
from core.models import AuditEvent
from core.testing import personas as p
from core.testing.helpers import user

pytestmark = pytest.mark.django_db


def admin():
    return user(p.ADMIN)


def test_every_shipped_role_exists_once_with_its_group_and_scope():
    assert Role.objects.count() == len(ROLES)
    for spec in ROLES:
        role = Role.objects.get(code=spec.code)
        assert role.group.name == spec.code and role.data_scope == spec.scope


def test_sync_roles_is_idempotent_and_keeps_admin_renames():
    Role.objects.filter(code="sales_rep").update(name="销售代表")
    services.sync_roles()
    assert Role.objects.count() == len(ROLES)
    assert Role.objects.get(code="sales_rep").name == "销售代表"


def test_sync_roles_refuses_unknown_permissions(monkeypatch):
    monkeypatch.setattr(services, "_collect_grants", lambda: {"sales_rep": {"org.fly_to_moon"}})
    with pytest.raises(LookupError, match=r"org\.fly_to_moon"):
        services.sync_roles()


def test_create_employee_numbers_it_and_gives_roles():
    employee = services.create_employee(actor=admin(), username="zhao", name="赵六", password="Str0ng-Passw0rd!",
                                        org_unit=OrgUnit.objects.get(code="tm-team-2"),
                                        roles=["telemarketing_agent"])
    assert employee.employee_no.startswith("E") and employee.status == "probation"
    assert list(employee.user.groups.values_list("name", flat=True)) == ["telemarketing_agent"]
    assert employee.history.count() == 1


def test_create_employee_refuses_a_taken_username_case_insensitively():
    with pytest.raises(ValidationError) as exc:
        services.create_employee(actor=admin(), username="SALES_REP", name="x", password="Str0ng-Passw0rd!",
                                 org_unit=OrgUnit.objects.get(code="tm-team-2"))
    assert "username" in exc.value.message_dict


def test_update_employee_records_history_with_before_and_after():
    employee = user(p.CS_AGENT).employee
    services.update_employee(actor=admin(), employee=employee, level="P4")
    latest = employee.history.first()
    change = latest.diff_against(latest.prev_record).changes
    assert [(c.field, c.old, c.new) for c in change if c.field == "level"] == [("level", "", "P4")]
    assert latest.history_user == admin()


def test_employee_cannot_manage_themselves():
    employee = user(p.CS_AGENT).employee
    with pytest.raises(ValidationError):
        services.update_employee(actor=admin(), employee=employee, manager=employee)


def test_offboarding_deactivates_the_login_and_keeps_the_record():
    employee = user(p.SOUTH_REP).employee
    services.offboard_employee(actor=admin(), employee=employee)
    employee.refresh_from_db()
    assert employee.status == "left" and employee.left_on is not None
    assert not employee.user.is_active
    assert Employee.objects.filter(pk=employee.pk).exists()


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree():
    room = OrgUnit.objects.get(code="cs-acceptance")
    new_parent = OrgUnit.objects.get(code="aftersales")
    services.update_org_unit(actor=admin(), unit=room, parent=new_parent)
    child = OrgUnit.objects.get(code="cs-complaint")
    assert room.path == f"{new_parent.path}{room.pk}/"
    assert child.path == f"{room.path}{child.pk}/"


def test_a_child_unit_inherits_its_parents_region():
    branch = OrgUnit.objects.get(code="branch-sh")
    team = services.create_org_unit(actor=admin(), code="sh-team", name="上海一组", kind="team", parent=branch)
    assert team.region == branch.region


def test_scope_override_needs_a_reason_and_is_audited():
    employee = user(p.NORTH_REP).employee
    with pytest.raises(ValidationError):
        services.set_scope_override(actor=admin(), employee=employee, scope="all", reason=" ")
    services.set_scope_override(actor=admin(), employee=employee, scope="all", reason="year-end audit")
    assert AuditEvent.objects.filter(action="scope_override", target=f"employee:{employee.pk}").count() == 1


def test_update_role_changes_permissions_and_is_audited():
    role = Role.objects.get(code="kb_editor")
    services.update_role(actor=admin(), role=role, permissions=[])
    assert not Group.objects.get(name="kb_editor").permissions.exists()
    assert AuditEvent.objects.filter(action="admin_change", target="role:kb_editor").exists()
